"""The PDF prints what a stranger wrote as well as its fonts can, and never stops on it.

LaTeX builds only. After generation, :func:`_remember` loads the font chain, has
TeX check the booklet's formulas, and reports per paper and field what the PDF
prints differently (:func:`fomoproc.pdftext.problems`: warnings in fomoproc's
sense, logged as the import's are, and kept for ``fomoproc build`` in
:data:`fomoproc.pdftext.REPORT`). A post-transform then applies the same
decisions to the doctree the LaTeX writer reads: each run of text the main fonts
lack goes into a :class:`fomoproc_font` node (``\\fomoproc<Font>{...}``, defined
by the preamble lines this module adds), what no font has becomes the
placeholder, long words get :class:`fomoproc_break` nodes, and a formula TeX
rejects is printed as its ``$...$`` source.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.writers.latex import LaTeXTranslator

from fomoproc import __version__, mathcheck, pdftext
from fomoproc.pdftext import FontChain, FontsMissing, Printed
from fomoproc.sphinxext import config, logs, state, transforms
from fomoproc.tex import TEX_PACKAGES

#: Where the verdicts of TeX on the booklet's formulas are kept, in the doctree folder.
MATH_CACHE = "fomoproc-math.json"


class fomoproc_font(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """Text printed in one font of the chain (its key in ``font``)."""


class fomoproc_break(nodes.Inline, nodes.Element):  # type: ignore[misc]
    """A place where a long word may break across lines."""


def _visit_font(translator: LaTeXTranslator, node: fomoproc_font) -> None:
    translator.body.append(rf"\fomoproc{node['font']}{{")


def _depart_font(translator: LaTeXTranslator, node: fomoproc_font) -> None:
    translator.body.append("}")


def _visit_break(translator: LaTeXTranslator, node: fomoproc_break) -> None:
    translator.body.append(r"\fomoprocBreak{}")
    raise nodes.SkipNode


@dataclass(frozen=True, slots=True)
class PdfText:
    """What the LaTeX build prints differently: the font chain and the formulas TeX rejects."""

    chain: FontChain
    failed: frozenset[str]


# The decisions of each LaTeX build, by application (made at its builder-inited, read by the
# post-transform in the main process and in the writers forked from it).
_BUILDS: weakref.WeakKeyDictionary[Sphinx, PdfText] = weakref.WeakKeyDictionary()


def _load_chain() -> FontChain:
    try:
        return FontChain.load()
    except FontsMissing as err:
        raise ExtensionError(
            f"fomoproc: the PDF needs fonts that are not installed ({err}): "
            f"apt-get install {' '.join(TEX_PACKAGES)}"
        ) from None


def _remember(app: Sphinx) -> None:
    """After generation, in a LaTeX build: check the booklet's text and formulas for the
    PDF, report what it prints differently, and keep the decisions for the writer."""
    build = state.of(app)
    if app.builder.format != "latex" or build is None:
        return
    chain = _load_chain()
    checked = mathcheck.check(pdftext.formulas(build.booklet), Path(app.doctreedir) / MATH_CACHE)
    if checked.compiled:
        logs.info(f"{checked.compiled} formulas checked by TeX, {len(checked.failed)} rejected")
    source = config.sources(app).export.name
    found = pdftext.problems(build.booklet, source, chain, checked.failed)
    for problem in found:
        logs.info(str(problem))
    pdftext.write_report(Path(app.outdir), found)
    _BUILDS[app] = PdfText(chain, frozenset(checked.failed))


def chain(app: Sphinx) -> FontChain:
    """The font chain of this application's LaTeX build (for the LaTeX fomoproc writes)."""
    return _decisions(app).chain


def _decisions(app: Sphinx) -> PdfText:
    found = _BUILDS.get(app)
    if found is None:
        # A LaTeX build of a project without generation: its own text is checked all the same.
        found = _BUILDS[app] = PdfText(_load_chain(), frozenset())
    return found


# Text the LaTeX writer prints verbatim or as LaTeX source: not printed text.
_NOT_TEXT = (nodes.FixedTextElement, nodes.math, nodes.raw, nodes.comment, nodes.Invisible)


def _printed(printed: Printed) -> list[nodes.Node]:
    """Nodes for a plan: text, font runs, break opportunities."""
    out: list[nodes.Node] = []
    for run in printed.runs:
        children: list[nodes.Node] = []
        for number, part in enumerate(run.parts):
            if number:
                children.append(fomoproc_break())
            if part:
                children.append(nodes.Text(part))
        if run.font:
            out.append(fomoproc_font("", "", *children, font=run.font))
        else:
            out.extend(children)
    return out


class PrintableText(transforms.AppPostTransform):
    """Make the doctree printable by XeLaTeX: fonts, placeholders, breaks, failed formulas."""

    # After Sphinx's own LaTeX post-transforms (footnotes, URLs shown: 750 at most).
    default_priority = 800
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Rewrite the text nodes whose plan differs from their text."""
        decided = _decisions(self.sphinx_app)
        for math in list(self.document.findall(nodes.math)):
            if math.astext() in decided.failed:
                math.replace_self(nodes.Text(f"${math.astext()}$"))
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or isinstance(parent, _NOT_TEXT):
                continue
            if isinstance(parent, nodes.reference) and parent.get("refuri") == str(text):
                continue  # a web address shown as itself: \sphinxurl breaks it (xurl)
            printed = decided.chain.plan(str(text))
            if printed is not None:
                parent.replace(text, _printed(printed))


def _add_preamble(app: Sphinx, config: Config) -> None:
    """The chain's fonts and commands, after the booklet's preamble (fontspec, xeCJK)."""
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + pdftext.latex_preamble(
        pdftext.find_faces()
    )
    config.latex_elements = elements


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the nodes, the post-transform and the preamble."""
    app.add_node(fomoproc_font, latex=(_visit_font, _depart_font))
    app.add_node(fomoproc_break, latex=(_visit_break, None))
    transforms.add(app, PrintableText)
    # After generation (priority 500), which makes the booklet whose text it checks.
    app.connect("builder-inited", _remember, priority=600)
    # After the booklet's own settings (priority 800), which put xeCJK in the preamble.
    app.connect("config-inited", _add_preamble, priority=810)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
