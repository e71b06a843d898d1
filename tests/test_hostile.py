"""Hostile records built to HTML, LaTeX and a real PDF with warnings as errors: text stays text."""

from __future__ import annotations

import contextlib
import io
import pickle
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from conftest import BOOKLET_ROOT, needs_tex
from fomoproc.cli import WORK, main
from fomoproc.pdftext import CHAIN
from fomoproc.text import math_is_safe
from hostile import CASES, Case, notes, write_export

# Every test here reads the corpus's PDF.
pytestmark = pytest.mark.pdf


@dataclass(frozen=True)
class Built:
    """The outputs of one `fomoproc build` of the corpus."""

    out: Path
    status: int
    log: str
    pdf_text: str  # whitespace, hyphens and format characters removed

    def page(self, case_id: str) -> BeautifulSoup:
        html = (self.out / "html" / "papers" / f"{case_id}.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")

    @property
    def tex(self) -> str:
        return (self.out / WORK / "latex" / "booklet.tex").read_text(encoding="utf-8")


def squash(text: str) -> str:
    """Text compared as pdftotext can give it back: no whitespace, hyphens or format characters,
    and compatibility forms folded (shaped Arabic comes back as presentation forms)."""
    return "".join(
        c
        for c in unicodedata.normalize("NFKC", text)
        if not c.isspace() and c not in "-‐‑" and unicodedata.category(c) != "Cf"
    )


# Running heads (the workshop; the part of the booklet and its section) and page numbers
# that pdftotext puts in the middle of a long abstract.
_PAGE_FURNITURE = re.compile(
    r"^(?:\d+|TW I|(?:Schedule|Accepted papers|Speakers and organizers)(?: · [A-Za-z ]+)?)$"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The corpus as one export, built once with `fomoproc build` (HTML, LaTeX, PDF)."""
    needs_tex()
    root = tmp_path_factory.mktemp("hostile")
    docs = root / "docs"
    shutil.copytree(BOOKLET_ROOT, docs)
    export = write_export(docs / "export.json", notes())
    out = root / "out"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(
            ["build", "--docs", str(docs), "--export", str(export),
             "--program", str(docs / "program.toml"), "--out", str(out)]
        )  # fmt: skip
    text = ""
    if (out / "booklet.pdf").is_file():
        raw = subprocess.run(
            ["pdftotext", str(out / "booklet.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        lines = [line for line in raw.splitlines() if not _PAGE_FURNITURE.match(line.strip())]
        text = squash("\n".join(lines))
    return Built(out=out, status=status, log=stdout.getvalue() + stderr.getvalue(), pdf_text=text)


def test_corpus_builds_html_latex_and_pdf_with_warnings_as_errors(built: Built) -> None:
    assert built.status == 0, built.log
    assert "Traceback" not in built.log
    pages = {p.stem for p in (built.out / "html" / "papers").glob("*.html")}
    assert pages == {case.id for case in CASES} | {"index", "authors", "keywords"}


def _article_text(page: BeautifulSoup) -> str:
    return " ".join(page.select_one("article").get_text(" ").split())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_text_is_literal_in_html(built: Built, case: Case) -> None:
    page = built.page(case.id)
    text = _article_text(page)
    if case.field in {"code", "pdf"}:
        links = {a.get_text(): a["href"] for a in page.select("article .fomo-links a")}
        label = "Code" if case.field == "code" else "PDF"
        assert links.pop(label, "") == case.link  # an unsafe URL makes no link at all
        assert list(links) == ["OpenReview"]
        return
    # BeautifulSoup's " " separator splits words at element edges (math, emphasis of
    # labels): compare with whitespace removed.
    assert "".join(case.html_text().split()) in "".join(text.split())
    if case.field == "title":
        heading = page.select_one("article h1").get_text().rstrip("#")
        assert heading == case.html_text()
        assert page.select_one("title").get_text().startswith(case.html_text()[:40])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_nothing_active_comes_from_input_in_html(built: Built, case: Case) -> None:
    page = built.page(case.id)
    article = page.select_one("article")
    for tag in ("script", "iframe", "img", "style", "svg", "object", "embed", "form", "input"):
        assert article.select(tag) == [], tag
    for element in page.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element.name
    for anchor in page.select("a[href]"):
        href = anchor["href"].strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:", "file:")), href
        if "://" in href:
            assert href.startswith(("http://", "https://")), href


def _index(built: Built, name: str) -> BeautifulSoup:
    html = (built.out / "html" / "papers" / f"{name}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.field in {"title", "keyword"}],
    ids=lambda c: c.id,
)
def test_hostile_titles_and_keywords_are_literal_in_the_indexes(built: Built, case: Case) -> None:
    # The index entries have an HTML writer of their own (fomoproc.writers.indexhtml).
    # (The hostile authors share one profile: one entry, under one of their spellings.)
    page = _index(built, "keywords" if case.field == "keyword" else "authors")
    assert "".join(case.html_text().split()) in "".join(_article_text(page).split())


@pytest.mark.parametrize("case", [c for c in CASES if c.field == "title"], ids=lambda c: c.id)
def test_hostile_titles_are_literal_in_the_papers_index(built: Built, case: Case) -> None:
    # The papers index is a {fomoproc-list} of JSON lines (fomoproc.writers.listing).
    page = _index(built, "index")
    links = {a["href"]: a.get_text() for a in page.select("article li a[href$='.html']")}
    shown = links[f"{case.id}.html"]
    assert "".join(shown.split()) == "".join(case.html_text().split())


@pytest.mark.parametrize("name", ["authors", "keywords", "index"])
def test_nothing_active_comes_from_input_in_the_indexes(built: Built, name: str) -> None:
    page = _index(built, name)
    article = page.select_one("article")
    for tag in ("script", "iframe", "img", "style", "svg", "object", "embed", "form", "input"):
        assert article.select(tag) == [], tag
    for element in article.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element.name
    hrefs = [a["href"] for a in article.select("a[href]")]
    assert hrefs
    for href in hrefs:
        if "://" in href:
            assert href.startswith("https://openreview.net/profile?id=~"), href
        else:  # a permalink, a letter of the index, a paper's page, the volume's files
            assert re.fullmatch(
                r"#[a-z0-9-]+|(\.\./)?[A-Za-z0-9_/-]+\.html(#[a-z0-9-]+)?|bib/volume(\.\w+)+", href
            ), href


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_no_raw_node_comes_from_input(built: Built, case: Case) -> None:
    doctree = built.out / WORK / "html" / ".doctrees" / "papers" / f"{case.id}.doctree"
    document = pickle.loads(doctree.read_bytes())  # our own build's doctree
    raws = [(n.get("format"), n.astext()) for n in document.findall(nodes.raw)]
    # The one raw node fomoproc itself writes for the PDF: before each paper, the command
    # that keeps its first lines on its page.
    assert raws == [("latex", "\\fomoprocPaper")]
    assert not list(document.findall(nodes.image))
    assert not list(document.findall(nodes.footnote))
    assert not list(document.findall(nodes.table))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_text_is_literal_in_pdf(built: Built, case: Case) -> None:
    assert built.status == 0, built.log
    for part in case.pdf_parts():
        assert squash(part) in built.pdf_text, part[:80]


# What Sphinx itself writes in a booklet's body; anything else would come from input.
# Sphinx's own commands; the last lines are its longtable's (a table of more than 30 rows:
# the posters by board).
_SPHINX_BODY_WORDS = r"""
    \sphinxAtStartPar \sphinxstepscope \sphinxhref \sphinxcrossref \sphinxhyphen
    \sphinxstylestrong \sphinxstyleemphasis \sphinxstyletheadfamily
    \sphinxattablestart \sphinxattableend \sphinxthistablewithglobalstyle
    \sphinxtoprule \sphinxmidrule \sphinxbottomrule \sphinxhline \sphinxcolwidth
    \sphinxbeforeendvarwidth \sphinxtableatstartofbodyhook \sphinxtableafterendhook
    \DUrole \detokenize \label \hyperref \hyperlink \begin \end \chapter \section \subsection
    \subsubsection \clearpage \phantomsection \pagestyle \renewcommand \indexname \par
    \centering \X \textbackslash \textasciitilde \textasciicircum \# \$ \% \& \_ \{ \} \\
    \item \textbraceleft \textbraceright \textbar
    \sphinxAtStartFootnote \sphinxnolinkurl
    \( \)
    \sphinxatlongtablestart \sphinxatlongtableend \makeatletter \makeatother \LTleft
    \LTright \@totalleftmargin \columnwidth \linewidth \dimexpr \relax \endfirsthead
    \endhead \endfoot \endlastfoot \multicolumn \sphinxnorowcolor \makebox
    \sphinxtablecontinued \tablename \thetable \textendash"""
# The handbook's own layout (fomoproc-handbook.sty): the cover, the contents, the welcome,
# the sessions' page, each paper and group kept with its first lines, a paper's kind, a
# paper's page beside a link to it, the indexes.
_HANDBOOK_WORDS = r"""
    \fomoprocCover \fomoprocContents \fomoprocWelcome \fomoprocGroup \fomoprocPaper
    \fomoprocKind \fomoprocPageOf \fomoprocIndexes"""
# And what fomoproc writes itself for the PDF (fomoproc.sphinxext.pdftext): a font of the
# chain around a run of text, a place where a long word may break.
FOMOPROC_BODY_COMMANDS = frozenset(
    [*(f"\\fomoproc{font.key}" for font in CHAIN), "\\fomoprocBreak"]
)
# With the control space of the longtable's "Table 1 – continued" line.
SPHINX_BODY_COMMANDS = (
    frozenset(_SPHINX_BODY_WORDS.split() + _HANDBOOK_WORDS.split())
    | FOMOPROC_BODY_COMMANDS
    | {"\\ "}
)
ENVIRONMENTS = {
    "document", "footnote", "itemize", "savenotes", "sphinxuseclass", "tabular", "varwidth",
    "longtable", "fomoprocsessions",
}  # fmt: skip


def test_latex_body_has_no_command_from_input(built: Built) -> None:
    tex = built.tex
    assert tex.count("\\begin{document}") == tex.count("\\end{document}") == 1
    body = tex[tex.index("\\begin{document}") :]
    maths = re.findall(r"\\\((.*?)\\\)", body)
    assert all(math_is_safe(m) for m in maths), [m for m in maths if not math_is_safe(m)]
    outside = re.sub(r"\\\(.*?\\\)", " ", body)
    commands = set(re.findall(r"\\(?:[A-Za-z@]+|.)", outside))
    assert commands <= SPHINX_BODY_COMMANDS, sorted(commands - SPHINX_BODY_COMMANDS)
    assert set(re.findall(r"\\(?:begin|end)\{([^}]*)\}", body)) <= ENVIRONMENTS
    # Links to the web (a paper's links print as short addresses): only web addresses.
    targets = re.findall(r"\\sphinxhref\{([^}]*)\}", body)
    assert targets and all(url.startswith(("https://", "http://")) for url in targets), targets
    printed = re.findall(r"\\sphinxnolinkurl\{([^}]*)\}", body)
    assert all(url.startswith(("https://", "http://")) for url in printed), printed


def test_latex_escapes_the_dangerous_commands(built: Built) -> None:
    tex = built.tex
    assert r"\textbackslash{}input\{/etc/passwd\}" in tex
    assert r"\textbackslash{}immediate\textbackslash{}write18\{rm \sphinxhyphen{}rf /\}" in tex
    assert r"\textbackslash{}end\{document\} after" in tex


def test_bidi_controls_are_dropped_and_their_words_kept(built: Built) -> None:
    text = _article_text(built.page("uni-bidi-override"))
    assert "evil isolate" in text
    assert not set(text) & {"\u202e", "\u202c", "\u2066", "\u2069"}


def test_emoji_and_cjk_reach_the_pdf(built: Built) -> None:
    for word in ("🚀", "🤖", "🎉", "大型语言模型", "日本語のタイトル", "한국어"):
        assert word in built.pdf_text
