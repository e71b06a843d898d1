"""The reader's agenda: stars on talks and papers, the agenda page, its data.

The writers put a ``{fomoproc-star}`` role where a talk (``slot:<key>``) or a paper
(``paper:<file name>``) may be starred: an empty ``<span class="fomo-star">`` in HTML that
``fomoproc-agenda.js`` turns into a button, nothing in the PDF. The agenda page
(``program/agenda``, :mod:`fomoproc.writers.agenda`) loads the data of every talk and
paper, written into ``_static`` after reading and only when it changed (Sphinx gives its
address a checksum of its bytes, so that no browser keeps an earlier build's).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxRole, SphinxTranslator
from sphinx.writers.html5 import HTML5Translator

from fomoproc import __version__
from fomoproc.disk import write_if_changed
from fomoproc.sphinxext import state
from fomoproc.writers import agenda

SCRIPT = "fomoproc-agenda.js"
DATA = "fomoproc-agenda-data.js"
_STAR = re.compile(r"(slot|paper):([A-Za-z0-9_.-]+)( labelled)?")
_STEM = "__fomoproc_stem__"


class star(nodes.Inline, nodes.Element):  # type: ignore[misc]
    """A talk or a paper a reader may add to their agenda: ``kind``, ``key``, ``labelled``."""


class StarRole(SphinxRole):
    """``{fomoproc-star}`slot:<key>``` or ``paper:<file name>`` (``labelled``: with words)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        found = _STAR.fullmatch(self.text)
        if found is None:
            message = self.inliner.reporter.error(
                f"fomoproc-star: {self.text!r} is not 'slot:KEY' or 'paper:NAME'", line=self.lineno
            )
            return [], [message]
        kind, key, labelled = found.groups()
        return [star(kind=kind, key=key, labelled=bool(labelled))], []


def _visit_star(translator: HTML5Translator, node: star) -> None:
    attributes = {f"data-{node['kind']}": node["key"]}
    if node["labelled"]:
        attributes["data-labelled"] = "true"
    translator.body.append(
        translator.starttag(node, "span", "", CLASS="fomo-star", **attributes) + "</span>"
    )
    raise nodes.SkipNode


def _skip(translator: SphinxTranslator, node: star) -> None:
    raise nodes.SkipNode


def _write_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The agenda's data into ``_static``, only when it changed; then the agenda page is
    written again, since its address of the data carries the data's checksum."""
    build = state.of(app)
    if app.builder.format != "html" or build is None:
        return []
    builder = app.builder
    paper = builder.get_relative_uri(agenda.PAGE, f"papers/{_STEM}")
    before, _, after = paper.partition(_STEM)
    found = agenda.data(
        build.booklet,
        app.config.html_baseurl or "",
        schedule=builder.get_relative_uri(agenda.PAGE, "program/schedule"),
        papers=(before, after),
    )
    written = write_if_changed(
        Path(app.outdir) / "_static" / DATA, agenda.script(found).encode("utf-8")
    )
    return [agenda.PAGE] if written and agenda.PAGE in env.found_docs else []


def _scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    build = state.of(app)
    if build is None or app.builder.format != "html":
        return
    key: dict[str, Any] = {"data-booklet": agenda.booklet_key(build.booklet)}  # not a Python name
    if pagename == agenda.PAGE:
        # Sphinx gives both addresses a checksum of the file: no browser keeps an old build's.
        app.add_js_file(DATA, loading_method="defer")
        context["fomoproc_times"] = True  # the agenda's times, in the zone the reader chose
        app.add_js_file(SCRIPT, loading_method="defer", **key)
    elif doctree is not None and any(True for _ in doctree.findall(star)):
        app.add_js_file(SCRIPT, loading_method="defer", **key)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the star, the agenda's data and the scripts of the pages that need them."""
    skip = (_skip, None)
    app.add_node(star, html=(_visit_star, None), latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_role("fomoproc-star", StarRole())
    app.connect("env-updated", _write_data)
    # Before times.py, which loads its script where the agenda shows times.
    app.connect("html-page-context", _scripts, priority=400)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
