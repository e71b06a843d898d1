"""A page's toctree ancestors, from one map of parents per build, not one per page.

Sphinx finds a page's ancestors by inverting every toctree of the project into a map of
parents, at each call (``sphinx.environment.adapters.toctree._get_toctree_ancestors``),
and pydata-sphinx-theme asks twice per page written (which header section is active,
whether the sidebar has anything to show). The papers index lists every paper, so the
cost of a build grew with the square of the papers, where a build with Sphinx's basic
theme makes no such call.

Once writing starts the toctrees are final: from then to the build's end Sphinx's private
function is replaced by one that walks a map made once, in the main process and in the
writers forked from it; any other call (another project's toctrees) goes to Sphinx's.
Sphinx's own function is put back when the build ends, and the replacement is made only
for the Sphinx versions it was written for.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import Any

import sphinx
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment.adapters import toctree

from fomoproc import __version__

#: The Sphinx versions whose private function this replaces (same name and signature).
SPHINX_VERSIONS = ((8,), (9,))
_NAME = "_get_toctree_ancestors"

Ancestors = Callable[[dict[str, list[str]], str], Set[str]]

# While a booklet is written: Sphinx's function, the toctrees and their map of parents.
_WRITING: list[tuple[Ancestors, dict[str, list[str]], dict[str, str]]] = []


def _ancestors(toctree_includes: dict[str, list[str]], docname: str) -> Set[str]:
    """What Sphinx's function returns: the page, its parent, its parent's parent..."""
    sphinx_ancestors, includes, parents = _WRITING[0]
    if includes is not toctree_includes:
        return sphinx_ancestors(toctree_includes, docname)
    found: list[str] = []
    name = docname
    while name in parents and name not in found:
        found.append(name)
        name = parents[name]
    return dict.fromkeys(found).keys()


def parents_of(toctree_includes: dict[str, list[str]]) -> dict[str, str]:
    """Each page's parent: the last page whose toctrees include it, as Sphinx has it."""
    parents: dict[str, str] = {}
    for parent, children in toctree_includes.items():
        parents |= dict.fromkeys(children, parent)
    return parents


def _start(app: Sphinx, builder: Builder) -> None:
    original = getattr(toctree, _NAME, None)
    if _WRITING or original is None or sphinx.version_info[:1] not in SPHINX_VERSIONS:
        return
    includes = app.env.toctree_includes
    _WRITING.append((original, includes, parents_of(includes)))
    setattr(toctree, _NAME, _ancestors)


def _stop(app: Sphinx, exception: Exception | None) -> None:
    if _WRITING:
        setattr(toctree, _NAME, _WRITING.pop()[0])


def setup(app: Sphinx) -> dict[str, Any]:
    """Use the map of the pages being written, from the start of writing to the build's end."""
    app.connect("write-started", _start)
    app.connect("build-finished", _stop)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
