"""A stranger's text can at worst degrade its own paper in the PDF, with a warning naming the
file, the paper and the field; the booklet is always built.

One export holds a paper per case, built once with `fomoproc build` (HTML, LaTeX, PDF); the
tests read the PDF's text (pdftotext), its fonts (pdffonts), the LaTeX log and the build's
report. Each test says what broke before and checks what the reader sees now.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import BOOKLET_ROOT, needs_tex
from fomoproc.cli import WORK, main
from fomoproc.pdftext import PLACEHOLDER
from fomoproc.writers import bibtex
from hostile import GROUP, write_export

HASH = "a3f9c2" * 200
URL = "https://github.com/example-org/" + "averyveryverylongrepositoryname" * 3 + "/blob/main"
# (paper id, field, value): one paper each.
CASES = {
    "thai": ("title", "ภาษาไทย: การเรียนรู้ของเครื่อง"),
    "arabic": ("title", "نماذج اللغة الكبيرة for Arabic"),
    "hebrew": ("abstract", "מודלים של שפה גדולים בעברית."),
    "devanagari": ("title", "हिन्दी में भाषा मॉडल"),
    "khmer": ("title", "ភាសាខ្មែរ"),
    "myanmar": ("title", "မြန်မာဘာသာ"),
    "symbols": ("title", "Fast ⚡ and ❤\ufe0f love ✨ ✅ ☕ ★ ✓ 🚀 models"),
    "mathletters": ("title", "𝐱 and 𝐲 in 𝔸"),
    "sequences": ("title", "Team 👩\u200d💻 👍🏽 🇺🇸 flags"),
    "privateuse": ("title", "Private \ue000 use"),
    "texonly": ("title", "Radical $x^\\sqrt{2}$ and $O(n \\log n)$"),
    "longwords": ("abstract", f"See {URL} and {HASH} end."),
    "longtitle": ("title", "T" + "x" * 150),
    "brace": ("title", "An {unbalanced brace in a title"),
    "cjkname": ("author", "王芳"),
    "arabicname": ("author", "محمد علي"),
    "outline": ("title", "Outline $x_1, \\cdots, x_n$ and $\\binom{n}{k}$ and ${a \\over b}$"),
}
SCRIPTS = ("thai", "arabic", "hebrew", "devanagari", "khmer", "myanmar", "cjkname")


def _note(number: int, case: str) -> dict[str, Any]:
    field, value = CASES[case]
    content: dict[str, Any] = {
        "title": f"Case {case}",
        "venue": "TW I @ ICML 2025 Poster",
        "venueid": GROUP,
        "authors": ["Alice Example"],
        "authorids": ["~Alice_Example1"],
        "abstract": f"The abstract of case {case}.",
        # Finds the paper's page in the PDF's text.
        "TLDR": f"Marker{case}.",
    }
    if field == "author":
        content["authors"] = [value, "Alice Example"]
        content["authorids"] = [f"~Author_{case}1", "~Alice_Example1"]
    else:
        content[field] = value
    wrapped = {key: {"value": text} for key, text in content.items()}
    return {"id": case, "forum": case, "number": number, "content": wrapped}


@dataclass(frozen=True)
class Built:
    """One `fomoproc build` of the cases."""

    out: Path
    status: int
    output: str
    pages: list[str]  # the PDF's text, page by page
    raw_pages: list[str]  # in the order the page draws it (right to left stays so)
    fonts: str  # pdffonts

    def page(self, case: str) -> str:
        """The text of the case's paper: several papers share a page, each ends with its
        OpenReview address (which may break across lines)."""
        text = "\n".join(self.pages)
        ends = {}
        for name in CASES:
            address = r"forum\?id=" + r"\s*".join(name) + r"(?![A-Za-z0-9_-])"
            ends[name] = next(re.finditer(address, text)).end()
        before = [end for end in ends.values() if end < ends[case]]
        start = max(before) if before else text.rfind("\nPosters\n", 0, ends[case])
        return text[start : ends[case]]

    def raw_lines(self) -> list[str]:
        """The PDF's lines in the order the page draws them (right to left stays so)."""
        return "\n".join(self.raw_pages).splitlines()

    def warnings(self, case: str) -> list[str]:
        """The build's warning lines about this paper."""
        number = list(CASES).index(case) + 1
        return [line for line in self.output.splitlines() if f"paper #{number} ({case})," in line]

    @property
    def log(self) -> str:
        latex = self.out / WORK / "latex" / "booklet.log"
        return latex.read_text(encoding="utf-8", errors="replace")

    def html(self, case: str) -> BeautifulSoup:
        page = self.out / "html" / "papers" / f"{case}.html"
        return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def _pdftotext(pdf: Path, *options: str) -> list[str]:
    text = subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The cases as one export, built once (HTML, LaTeX, PDF)."""
    needs_tex()
    root = tmp_path_factory.mktemp("strangers")
    docs = root / "docs"
    shutil.copytree(BOOKLET_ROOT, docs)
    export = write_export(docs / "export.json", [_note(n, c) for n, c in enumerate(CASES, 1)])
    out = root / "out"
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        status = main(
            ["build", "--docs", str(docs), "--export", str(export),
             "--program", str(docs / "program.toml"), "--out", str(out)]
        )  # fmt: skip
    pdf = out / "booklet.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return Built(
        out=out,
        status=status,
        output=output.getvalue(),
        pages=_pdftotext(pdf),
        raw_pages=_pdftotext(pdf, "-raw"),
        fonts=fonts.stdout,
    )


def letters(text: str) -> Counter[str]:
    """The characters of a text, counted: pdftotext gives shaped scripts in the order their
    glyphs are drawn (a vowel sign before its consonant), and Arabic as presentation forms."""
    return Counter(
        c
        for c in unicodedata.normalize("NFKC", text)
        if not c.isspace() and unicodedata.category(c) not in {"Cf", "Mn"}
    )


def test_the_booklet_is_built_with_a_glyph_for_every_character(built: Built) -> None:
    # Before: one glyph missing in one title ("the PDF lacks glyphs for ...") stopped the
    # whole booklet; so did an unbalanced brace (an export error) and a 150-letter title.
    assert built.status == 0, built.output
    assert "error" not in built.output
    assert "Missing character" not in built.log
    assert "no glyph for" not in built.output
    # Every link and page number resolves, strangers' names and keywords in the indexes too.
    assert "There were undefined references" not in built.log


@pytest.mark.parametrize("case", SCRIPTS)
def test_each_script_prints_in_a_font_that_has_it(built: Built, case: str) -> None:
    # Before: Khmer and Myanmar had no glyph in any font of the PDF, Thai and Arabic none in
    # the bold sans of titles or the italic of names, and no phrase ran right to left.
    _, value = CASES[case]
    page = built.page(case)
    assert not letters(value) - letters(page), value
    font = {
        "thai": "NotoSerifThai",
        "arabic": "NotoNaskhArabic",
        "hebrew": "NotoSerifHebrew",
        "devanagari": "NotoSerifDevanagari",
        "khmer": "NotoSerifKhmer",
        "myanmar": "NotoSerifMyanmar",
        "cjkname": "NotoSerifCJK",
    }[case]
    assert font in built.fonts
    assert built.warnings(case) == []


def test_right_to_left_words_come_in_their_order(built: Built) -> None:
    # Before: Arabic words were set left to right, the first word on the left. Now the
    # phrase runs right to left: drawn first (leftmost) is its last word.
    line = next(line for line in built.raw_lines() if "for Arabic" in line)
    drawn = unicodedata.normalize("NFKC", line)
    assert drawn.index("الكبيرة") < drawn.index("اللغة") < drawn.index("نماذج")


def test_symbols_and_emoji_print_and_the_variation_selector_is_dropped(built: Built) -> None:
    # Before: ⚡ and ❤ had no glyph in the bold title font, U+FE0F none anywhere.
    page = built.page("symbols")
    assert "Fast ⚡ and ❤ love ✨ ✅ ☕ ★ ✓ 🚀 models" in " ".join(page.split())
    assert "Symbola" in built.fonts
    assert built.warnings("symbols") == []


def test_math_letters_print_in_the_math_font(built: Built) -> None:
    # Before: no glyph for 𝐱 (FreeSerif's bold and sans faces lack them).
    assert "𝐱 and 𝐲 in 𝔸" in " ".join(built.page("mathletters").split())
    assert "TeXGyreTermesMath" in built.fonts


def test_emoji_sequences_keep_their_base_glyphs_with_a_warning(built: Built) -> None:
    page = " ".join(built.page("sequences").split())
    assert "Team 👩💻 👍 🇺🇸 flags" in page
    (warning,) = built.warnings("sequences")
    # The line names the file, the paper and the field.
    assert re.search(
        r"export\.json, paper #9 \(sequences\), title: warning: the PDF prints", warning
    )
    assert "👍🏽 (U+1F44D U+1F3FD) as 👍" in warning


def test_private_use_is_a_placeholder_in_the_pdf_only_with_a_warning(built: Built) -> None:
    assert f"Private {PLACEHOLDER} use" in built.page("privateuse")
    (warning,) = built.warnings("privateuse")
    assert "paper #10 (privateuse), title: warning: the PDF prints" in warning
    assert "U+E000" in warning
    assert built.html("privateuse").select_one("article h1").get_text().startswith("Private \ue000")


def test_a_formula_tex_rejects_is_its_source_in_the_pdf_and_math_on_the_page(
    built: Built,
) -> None:
    # Before: MathJax rendered it and XeLaTeX stopped at it ("Missing { inserted").
    page = " ".join(built.page("texonly").split())
    assert "Radical $x^\\sqrt{2}$ and" in page
    assert "$O(n" not in page and "O(n log n)" in page  # the valid formula is typeset
    (warning,) = built.warnings("texonly")
    assert (
        "title: warning: the PDF prints the formula $x^\\sqrt{2}$ (Missing { inserted)" in warning
    )
    maths = [m.get_text() for m in built.html("texonly").select("article h1 .math")]
    assert maths == ["\\(x^\\sqrt{2}\\)", "\\(O(n \\log n)\\)"]


def test_long_words_break_instead_of_running_off_the_page(built: Built) -> None:
    # Before: the hash ran 5,068pt past the margin, and the 151-letter title stopped LaTeX
    # ("Missing number, treated as zero").
    assert "Overfull \\hbox" not in built.log
    squashed = "".join(built.page("longwords").split())
    assert f"See{URL}and{HASH}end." in squashed
    assert "T" + "x" * 150 in "".join(built.page("longtitle").split())


def test_an_unbalanced_brace_is_shown_as_typed_and_escaped_in_bibtex(built: Built) -> None:
    title = "An {unbalanced brace in a title"
    (warning,) = built.warnings("brace")
    assert "title: warning: unbalanced { } in the title: shown as typed" in warning
    assert built.html("brace").select_one("article h1").get_text().rstrip("#") == title
    assert title in built.page("brace")
    library = bibtex.parse((built.out / "html" / "papers" / "bib" / "brace.bib").read_text())
    assert library.failed_blocks == []
    (entry,) = library.entries
    assert entry.fields_dict["title"].value == "An {\\textbraceleft}unbalanced brace in a title"


def test_the_author_index_prints_names_in_their_fonts(built: Built) -> None:
    index = next(page for page in built.pages if page.lstrip().startswith("Indexes"))
    assert not letters("محمد علي") - letters(index)
    assert "王芳" in index


def test_formulas_hyperref_stops_at_still_give_a_title_and_a_bookmark(built: Built) -> None:
    # Before: \cdots in a title stopped LaTeX in the PDF's outline ("Improper alphabetic
    # constant"); there it is now "...", and \binom "(n choose k)".
    assert built.warnings("outline") == []
    page = " ".join(built.page("outline").split())
    assert "Outline" in page and "$" not in page
    outline = (built.out / WORK / "latex" / "booklet.out").read_text(encoding="latin-1")
    assert "\\000c\\000h\\000o\\000o\\000s\\000e" in outline  # "(n choose k)"
