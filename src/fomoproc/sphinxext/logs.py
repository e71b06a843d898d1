"""The extension's messages: one warning type, ``fomoproc``, with a subtype for each kind.

``suppress_warnings = ["fomoproc.export"]`` silences the import's problems and nothing
else, and ``-W`` still catches the rest.
"""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

TYPE = "fomoproc"
#: The kinds of warning: problems in the inputs, links from the index pages to pages that
#: are not there.
SUBTYPES = ("export", "index")

logger = logging.getLogger("fomoproc")


def warn(subtype: str, message: str, *, location: Any = None) -> None:
    """A warning of one kind (:data:`SUBTYPES`), where Sphinx can say where."""
    logger.warning("fomoproc: %s", message, type=TYPE, subtype=subtype, location=location)


def info(message: str) -> None:
    """A line of the build's progress (shown without ``-q``)."""
    logger.info("fomoproc: %s", message)
