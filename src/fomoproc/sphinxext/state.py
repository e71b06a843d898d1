"""What one build knows of its booklet: made at ``builder-inited``, read by every feature.

An object per Sphinx application, never pickled with the environment (generation makes
it afresh at every build, and an environment sent back by each parallel reader would carry
thousands of papers each time). Sphinx's forked readers and writers inherit it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from sphinx.application import Sphinx

from fomoproc.model import Booklet, Paper
from fomoproc.pipeline import Generated


@dataclass(frozen=True, slots=True, kw_only=True)
class Build:
    """The booklet of a build and the files made from it."""

    booklet: Booklet
    generated: Generated
    papers: dict[str, Paper]  # by Sphinx docname ("papers/<id>")


_BUILDS: weakref.WeakKeyDictionary[Sphinx, Build] = weakref.WeakKeyDictionary()


def remember(app: Sphinx, build: Build) -> None:
    """Keep this build's booklet for the rest of the build."""
    _BUILDS[app] = build


def of(app: Sphinx) -> Build | None:
    """The booklet of this application's build, once generation has made it."""
    return _BUILDS.get(app)
