"""The PDF is a conference handbook: a cover worth printing, the day first, abstracts several to
a page, indexes that link both ways, and a LaTeX log without an undefined reference.

Two builds with `fomoproc build`, once each: the repository's own sample booklet (30 papers,
its real program) and the hostile corpus under a program whose every name tries to break
out of LaTeX, on US Letter paper. The tests read the PDF's text page by page (pdftotext),
its metadata (pdfinfo) and the LaTeX log. Before: about 50 pages, a cover without an address,
blank pages with running heads, a page per paper, 232 warnings of an undefined reference.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BOOKLET_ROOT, needs_tex
from fomoproc.cli import WORK, main
from fomoproc.pdftext import CHAIN
from fomoproc.readers.program import read_program
from fomoproc.writers.titlepage import document_title
from hostile import notes, write_export

REPOSITORY = Path(__file__).parents[1]
#: The widest a line may run past the margin (LaTeX reports every overfull box).
OVERFULL_LIMIT_PT = 5.0
HOSTILE_WORKSHOP = r"""[workshop]
short_name = "R&D_#1 {100%} ~^\\end{document}"
name = "Workshop on $5 \\input{/etc/passwd} models"
conference = "ICML & Co 2025"
openreview_group = "ICML.cc/2025/Workshop/TW"
date = 2025-07-18
timezone = "America/Vancouver"
venue = "Palais % des Congrès"
room = "Hall \\relax{A}"
url = "https://example.org/~tw/$5_%7Bbooklet%7D/"
paper = "letter"

[[organizers]]
name = "O'Brien & Sons_{2} ~#%"
"""


@dataclass(frozen=True)
class Built:
    """One `fomoproc build` with the PDF."""

    out: Path
    status: int
    output: str
    pages: list[str]  # the PDF's text, page by page (pdftotext)

    @property
    def pdf(self) -> Path:
        return self.out / "booklet.pdf"

    @property
    def log(self) -> str:
        return (self.out / WORK / "latex" / "booklet.log").read_text("utf-8", errors="replace")

    def info(self) -> dict[str, str]:
        """pdfinfo's fields."""
        text = subprocess.run(
            ["pdfinfo", str(self.pdf)], capture_output=True, text=True, check=True
        ).stdout
        return {
            k.strip(): v.strip() for k, _, v in (line.partition(":") for line in text.splitlines())
        }

    def page_of(self, title: str) -> int:
        """The number of the page a paper's own heading is on (its kind's label follows)."""
        heading = re.escape(squash(title)) + ".{0,300}?(ORAL|SPOTLIGHT|POSTER)Friday"
        for number, page in enumerate(self.pages, 1):
            if re.search(heading, squash(page)):
                return number
        raise AssertionError(f"no page has the paper {title!r}")

    def page_starting(self, heading: str) -> str:
        """The text of the first page past the contents with this heading on a line."""
        line = re.compile(f"^{re.escape(heading)}$", re.MULTILINE)
        return next(page for page in self.pages[2:] if line.search(page))


def squash(text: str) -> str:
    """Text without whitespace: pdftotext breaks lines where the PDF does."""
    return "".join(text.split())


def _build(docs: Path, export: Path, program: Path, out: Path) -> Built:
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        status = main(
            ["build", "--docs", str(docs), "--export", str(export),
             "--program", str(program), "--out", str(out)]
        )  # fmt: skip
    assert status == 0, output.getvalue()
    text = subprocess.run(
        ["pdftotext", str(out / "booklet.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    return Built(out=out, status=status, output=output.getvalue(), pages=text.split("\f")[:-1])


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The repository's own booklet: its docs, program, export and overrides."""
    needs_tex()
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(
        REPOSITORY / "docs", root / "docs", ignore=shutil.ignore_patterns("papers", "program")
    )
    shutil.copytree(REPOSITORY / "papers", root / "papers")
    papers = root / "papers"
    return _build(root / "docs", papers / "export.json", papers / "program.toml", root / "out")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The hostile corpus, under a program whose names try to break out, on Letter paper."""
    needs_tex()
    root = tmp_path_factory.mktemp("hostile-handbook")
    docs = root / "docs"
    shutil.copytree(BOOKLET_ROOT, docs)
    program = (docs / "program.toml").read_text(encoding="utf-8")
    rest = program[program.index("[[schedule]]") :]
    (docs / "program.toml").write_text(HOSTILE_WORKSHOP + "\n" + rest, encoding="utf-8")
    export = write_export(docs / "export.json", notes())
    return _build(docs, export, docs / "program.toml", root / "out")


def _overfull(log: str) -> list[float]:
    return [float(m) for m in re.findall(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide", log)]


@pytest.mark.pdf
def test_the_sample_is_a_short_booklet_without_an_empty_page(sample: Built) -> None:
    # Before: 51 pages, blank ones among them, and a page for each of the 30 papers.
    assert len(sample.pages) <= 26
    for number, page in enumerate(sample.pages, 1):
        assert squash(page).removesuffix(str(number)), f"page {number} is empty"


@pytest.mark.pdf
def test_the_cover_gives_the_day_the_place_and_the_booklets_address(sample: Built) -> None:
    cover = sample.pages[0]
    for line in (
        "ES-FoMo III",
        "3rd Workshop on Efficient Systems for Foundation Models",
        "Workshop at ICML 2025",
        "Program booklet",
        "Friday 18 July 2025",
        "East Exhibition Hall A",
        "Vancouver Convention Center, Vancouver, Canada",
        "es-fomo.com/booklet",
        "Non-archival: the papers in this booklet are not proceedings.",
    ):
        assert line in " ".join(cover.split()), line
    assert not re.search(r"^\s*1\s*$", cover, re.MULTILINE)  # the cover has no page number


@pytest.mark.pdf
def test_the_contents_and_the_welcome_follow_the_cover(sample: Built) -> None:
    page = sample.pages[1]
    assert page.lstrip().startswith("Contents\n")
    contents = " ".join(page.split())
    for entry in ("Welcome", "Schedule", "Sessions", "Accepted papers", "Posters"):
        assert entry in contents, entry
    assert "Indexes" in contents  # one line: the authors', then the keywords' index
    assert "Bit by Bit" not in contents  # papers are listed by the sessions, not here
    welcome = sample.pages[2]
    assert welcome.lstrip().startswith("Welcome\n")
    assert "This is the program booklet of the third ES-FoMo workshop" in " ".join(welcome.split())


@pytest.mark.pdf
def test_the_schedule_at_a_glance_is_one_page_with_each_talks_page(sample: Built) -> None:
    page = sample.page_starting("Schedule")
    flat = " ".join(page.split())
    assert "Opening Remarks" in flat and "Closing Remarks / Awards" in flat
    assert "All times are America/Vancouver time, PDT" in flat
    oral = "Bit by Bit: Training Language Models Natively at"
    start = flat.index(oral)
    assert f"p. {sample.page_of(oral)}" in flat[start : start + 200]


@pytest.mark.pdf
def test_each_session_lists_its_papers_with_board_authors_and_page(sample: Built) -> None:
    page = sample.page_starting("Sessions")
    flat = " ".join(page.split())
    assert "Spotlight Lightning Talks 11:15–11:30 AM · East Exhibition Hall A" in flat
    assert "Poster Session 1:00–2:30 PM · East Exhibition Hall A" in flat
    title = "Memory-Optimal Activation Checkpointing with Integer Programming"
    entry = flat[flat.index("Board 1 · " + title) :][:300]
    assert "Arnav Deshpande" in entry
    assert f"p. {sample.page_of(title)}" in entry


@pytest.mark.pdf
def test_abstracts_are_several_to_a_page_and_a_heading_never_ends_one(sample: Built) -> None:
    per_page = [page.count("OpenReview: ") for page in sample.pages]
    assert sum(per_page) == 30
    assert max(per_page) >= 3
    assert sum(1 for count in per_page if count) <= 14
    # Each paper's heading has its day, authors and the start of its abstract on its page.
    for page in sample.pages:
        flat = squash(page)
        for match in re.finditer("(ORAL|SPOTLIGHT|POSTER)Friday18July2025", flat):
            assert len(flat) - match.end() > 300, page[-400:]


@pytest.mark.pdf
def test_the_indexes_list_names_and_keywords_with_their_papers_pages(sample: Built) -> None:
    authors = " ".join(sample.page_starting("Authors").split())
    bit = sample.page_of("Bit by Bit: Training Language Models Natively")
    assert f"Zieliński, Łukasz, {bit}" in authors
    assert re.search(r"Berg, Anouk van der, \d+", authors)
    assert "王芳, " in authors
    keywords = " ".join(sample.page_starting("Keywords").split())
    assert re.search(r"Quantization, \d+, \d+", keywords)


@pytest.mark.pdf
def test_running_heads_name_the_workshop_and_the_part_of_the_booklet(sample: Built) -> None:
    bit = sample.page_of("Bit by Bit: Training Language Models Natively")
    after = sample.pages[bit]  # a page of papers that no chapter starts
    assert after.lstrip().startswith("ES-FoMo III\n")
    assert "Accepted papers · Orals" in after or "Accepted papers · Spotlights" in after


@pytest.mark.pdf
def test_the_pdf_metadata_comes_from_the_program(sample: Built) -> None:
    info = sample.info()
    assert info["Title"] == (
        "ES-FoMo III: 3rd Workshop on Efficient Systems for Foundation Models – Program booklet"
    )
    assert info["Author"].startswith("Dan Fu, Julien Launay, Max Ryabinin")
    assert info["Subject"] == "Workshop at ICML 2025, Friday 18 July 2025"
    assert info["Keywords"].startswith("ES-FoMo III, ICML 2025, Quantization")
    assert "A4" in info["Page size"]
    # The language, in the catalog (xdvipdfmx keeps it in a compressed object stream).
    data = sample.pdf.read_bytes()
    streams = (data[m.end() :] for m in re.finditer(rb"stream\r?\n", data))
    found = False
    for stream in streams:
        with contextlib.suppress(zlib.error):
            found = found or b"/Lang(en)" in zlib.decompressobj().decompress(stream)
    assert found


@pytest.mark.pdf
@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_the_latex_log_has_no_undefined_reference_nor_a_line_past_the_margin(
    which: str, request: pytest.FixtureRequest
) -> None:
    # Before: author names and keywords linked to the site's index pages, 194 labels
    # undefined in the sample's log (232 warnings).
    built: Built = request.getfixturevalue(which)
    log = built.log.replace("\n", "")  # TeX wraps its log at 79 characters
    assert not re.findall(r"[Rr]eference `[^']*'.{0,40}?undefined", log)
    assert "There were undefined references" not in log
    assert max(_overfull(built.log), default=0.0) <= OVERFULL_LIMIT_PT


@pytest.mark.pdf
def test_texs_first_run_puts_every_label_where_it_ends(sample: Built, tmp_path: Path) -> None:
    # So latexmk stops after two runs (a third cost a large booklet a third of its PDF time):
    # the .aux of one run from scratch is the final one, but for the page total.
    latex = tmp_path / "latex"
    shutil.copytree(sample.out / WORK / "latex", latex)
    final = (latex / "booklet.aux").read_text(encoding="utf-8")
    for name in ("booklet.aux", "booklet.toc", "booklet.out"):
        (latex / name).unlink()
    subprocess.run(
        ["xelatex", "-no-pdf", "-interaction=nonstopmode", "booklet.tex"],
        cwd=latex,
        capture_output=True,
        check=True,
    )
    first = (latex / "booklet.aux").read_text(encoding="utf-8")

    def labels(aux: str) -> list[str]:
        return [line for line in aux.splitlines() if "@abspage@last" not in line]

    assert labels(first) == labels(final)


@pytest.mark.pdf
def test_the_program_can_ask_for_us_letter(hostile: Built) -> None:
    assert "letter" in hostile.info()["Page size"]


@pytest.mark.pdf
def test_hostile_workshop_names_are_literal_on_cover_metadata_and_running_heads(
    hostile: Built,
) -> None:
    short = r"R&D_#1 {100%} ~^\end{document}"
    cover = squash(hostile.pages[0])
    for text in (
        short,
        r"Workshop on $5 \input{/etc/passwd} models",
        "Workshop at ICML & Co 2025",
        r"Hall \relax{A}",
        "Palais % des Congrès",
        "example.org/~tw/$5_%7Bbooklet%7D",
    ):
        assert squash(text) in cover, text
    info = hostile.info()
    program = read_program(hostile.out.parent / "docs" / "program.toml")
    assert info["Title"] == document_title(program)
    assert info["Author"] == "O'Brien & Sons_{2} ~#%"
    assert info["Subject"].startswith("Workshop at ICML & Co 2025")
    papers = [page for page in hostile.pages if "OpenReview: " in page]
    assert papers and all(page.lstrip().startswith(short) for page in papers[1:])


@pytest.mark.pdf
def test_the_printed_indexes_hold_no_command_from_input(hostile: Built) -> None:
    tex = (hostile.out / WORK / "latex" / "fomoproc-indexes.tex").read_text(encoding="utf-8")
    allowed = {
        r"\begin", r"\end", r"\fomoprocIndexChapter", r"\fomoprocIndexLetter",
        r"\fomoprocEntry", r"\fomoprocAt",
        r"\textbackslash", r"\textbraceleft", r"\textbraceright", r"\textasciitilde",
        r"\textasciicircum", r"\&", r"\%", r"\#", r"\_", r"\$", r"\fomoprocBreak",
        *(f"\\fomoproc{font.key}" for font in CHAIN),
    }  # fmt: skip
    commands = set(re.findall(r"\\(?:[A-Za-z@]+|.)", tex))
    assert commands <= allowed, sorted(commands - allowed)
    assert set(re.findall(r"\\(?:begin|end)\{([^}]*)\}", tex)) == {"fomoprocindex"}
