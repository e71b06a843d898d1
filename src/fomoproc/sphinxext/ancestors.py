"""A page's toctree ancestors, from one map of parents per build, not one per page.

Sphinx finds a page's ancestors by inverting every toctree of the project into a map of
parents, at each call (``sphinx.environment.adapters.toctree._get_toctree_ancestors``),
and pydata-sphinx-theme asks twice per page written (which header section is active,
whether the sidebar has anything to show). The papers index lists every paper: at 5,000
papers each call went through 5,000 entries, 10,000 calls, a cost growing with the square
of the papers (117 samples of 4,732 in a profile of a 5,000-paper build, where the floor
with Sphinx's basic theme makes no such call).

Once writing starts the toctrees are final: the map is made then, and every call of the
write phase, in the main process and in the writers forked from it, walks it. Any other
call (reading, another project built in the same process) goes to Sphinx as before.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment.adapters import toctree

_sphinx_ancestors = toctree._get_toctree_ancestors

# The toctrees being written and their map of parents: (toctree_includes, parents).
_WRITING: list[tuple[dict[str, list[str]], dict[str, str]]] = []


def _ancestors(toctree_includes: dict[str, list[str]], docname: str) -> Set[str]:
    """What Sphinx's function returns: the page, its parent, its parent's parent..."""
    if not _WRITING or _WRITING[0][0] is not toctree_includes:
        return _sphinx_ancestors(toctree_includes, docname)
    parents = _WRITING[0][1]
    ancestors: list[str] = []
    name = docname
    while name in parents and name not in ancestors:
        ancestors.append(name)
        name = parents[name]
    return dict.fromkeys(ancestors).keys()


def parents_of(toctree_includes: dict[str, list[str]]) -> dict[str, str]:
    """Each page's parent: the last page whose toctrees include it, as Sphinx has it."""
    parents: dict[str, str] = {}
    for parent, children in toctree_includes.items():
        parents |= dict.fromkeys(children, parent)
    return parents


def _start(app: Sphinx, builder: Builder) -> None:
    includes = app.env.toctree_includes
    _WRITING[:] = [(includes, parents_of(includes))]


def _stop(app: Sphinx, exception: Exception | None) -> None:
    _WRITING.clear()


def setup(app: Sphinx) -> dict[str, Any]:
    """Use the map of the pages being written, from the start of writing to the build's end."""
    toctree._get_toctree_ancestors = _ancestors
    app.connect("write-started", _start)
    app.connect("build-finished", _stop)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
