"""Pages whose links to other pages changed are written again, without reading everything.

A page shows other pages' titles: its previous and next pages, its parents (the
breadcrumbs) and the root's sections (the header). Sphinx writes again only the pages it
read again, so adding, removing or retitling a paper would leave its neighbours linking to
what was there before. Each page's *signature* (its relations and those titles) is kept
in the environment; after reading, every page whose signature changed is written again
(``env-get-updated``). Adding a paper then costs its page, its neighbours, the pages that
list it and the search index, not a build of every page.

Assumed, as the booklet's theme settings make it: no sidebar lists papers on a page that
does not change with them (paper pages have none).
"""

from __future__ import annotations

import hashlib
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from fomoproc import __version__

_ATTRIBUTE = "fomoproc_signatures"


def signatures(env: BuildEnvironment) -> dict[str, str]:
    """Each page's signature: a digest of what it shows of other pages."""
    titles = env.titles

    def title(docname: str | None) -> str:
        node = titles.get(docname) if docname else None
        return str(node) if node is not None else ""

    root = env.config.root_doc
    sections = [(name, title(name)) for name in env.toctree_includes.get(root, [])]
    relations = env.collect_relations() if root in env.all_docs else {}
    found: dict[str, str] = {}
    for docname in sorted(env.found_docs):
        parent, prev, following = relations.get(docname, [None, None, None])
        parents: list[tuple[str, str]] = []
        while parent and len(parents) < 50:
            parents.append((parent, title(parent)))
            parent = relations.get(parent, [None])[0]
        shown = (parents, (prev, title(prev)), (following, title(following)), sections)
        found[docname] = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    return found


def _changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages whose signature changed since the last build (every page on the first)."""
    before: dict[str, str] = getattr(env, _ATTRIBUTE, {})
    now = signatures(env)
    setattr(env, _ATTRIBUTE, now)
    return sorted(docname for docname, signature in now.items() if before.get(docname) != signature)


def setup(app: Sphinx) -> dict[str, Any]:
    """Write again the pages whose links to other pages changed."""
    app.connect("env-get-updated", _changed)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
