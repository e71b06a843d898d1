"""Generated pages keep strangers' quotes and dashes as typed: no smart quotes there.

Docutils' SmartQuotes turns ``'`` into ``’`` and ``--`` into ``–``: right for prose an
organizer writes, wrong for a title such as ``alert('x')`` or ``<!-- -->`` that must
come out literally. Only the pages fomoproc generates are exempted.
"""

from __future__ import annotations

import copy
from typing import Any

from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from fomoproc import __version__
from fomoproc.pipeline import GENERATED_DIRS


class KeepQuotesLiteral(SphinxTransform):
    """Turn smart quotes off for the generated pages, before SmartQuotes (750) runs."""

    default_priority = 740

    def apply(self, **kwargs: Any) -> None:
        """Switch the setting off for this document only."""
        if self.env.docname.split("/", 1)[0] in GENERATED_DIRS:
            # Settings may be shared between documents: change a copy.
            self.document.settings = copy.copy(self.document.settings)
            self.document.settings.smart_quotes = False


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the transform."""
    app.add_transform(KeepQuotesLiteral)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
