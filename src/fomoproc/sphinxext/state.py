"""What one build knows of its booklet: loaded at ``config-inited``, rendered at
``builder-inited``, read by every feature.

An object per Sphinx application, never pickled with the environment (it is made afresh
at every build, and an environment sent back by each parallel reader would carry thousands
of papers each time). Sphinx's forked readers and writers inherit it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from sphinx.application import Sphinx

from fomoproc.indexes import Indexes, build_indexes
from fomoproc.model import Booklet, Paper
from fomoproc.pipeline import Loaded


@dataclass(slots=True, kw_only=True)
class Build:
    """The inputs of a build, its booklet, and the files made from it."""

    loaded: Loaded
    booklet: Booklet
    papers: dict[str, Paper] = field(default_factory=dict)  # by Sphinx docname
    # Once rendered, at builder-inited: the generated pages' paths (their text is on disk,
    # not kept: at 5,000 papers it is tens of megabytes), and the served files.
    generated: frozenset[str] = frozenset()
    served: dict[str, bytes] | None = None
    _indexes: Indexes | None = field(default=None, repr=False)

    @classmethod
    def of(cls, loaded: Loaded) -> Build:
        """The build of these inputs (which have a program)."""
        booklet = loaded.booklet
        assert booklet is not None  # the extension always reads a program
        papers = {f"papers/{booklet.stem(paper)}": paper for paper in booklet.papers}
        return cls(loaded=loaded, booklet=booklet, papers=papers)

    def indexes(self) -> Indexes:
        """The booklet's author and keyword indexes, worked out once for the build."""
        if self._indexes is None:
            self._indexes = build_indexes(self.booklet)
        return self._indexes


_BUILDS: weakref.WeakKeyDictionary[Sphinx, Build] = weakref.WeakKeyDictionary()


def remember(app: Sphinx, build: Build) -> None:
    """Keep this build's booklet for the rest of the build."""
    _BUILDS[app] = build


def of(app: Sphinx) -> Build | None:
    """The booklet of this application's build, once its inputs are loaded."""
    return _BUILDS.get(app)
