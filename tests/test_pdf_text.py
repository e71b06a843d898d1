"""The font chain: which font prints each character, and what the PDF prints instead.

Before: XeLaTeX printed in FreeSerif, Noto CJK and (for U+1F000-1FAFF) Symbola only;
any other character (Thai, ⚡ in a bold title, 𝐱, U+FE0F) was a missing glyph, and one
missing glyph in one title stopped the whole booklet. Now every character is sent to a
font whose cmap has it, or printed as a placeholder with a warning.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BOOKLET_ROOT, needs_tex
from fomoproc.model import Author, Booklet, Kind, Paper
from fomoproc.pdftext import (
    CHAIN,
    LONG_WORD,
    PLACEHOLDER,
    XECJK_RANGES,
    FontChain,
    Run,
    find_faces,
    latex_preamble,
    missing_fonts,
    problems,
)
from fomoproc.readers.program import read_program
from fomoproc.sphinxext.latex import PREAMBLE as LATEX_PREAMBLE
from fomoproc.tex import TEX_PACKAGES, lost_glyphs


@pytest.fixture(scope="module")
def chain() -> FontChain:
    """The fonts installed here (all of them in CI)."""
    if missing_fonts():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the PDF's fonts: {missing_fonts()}")
        pytest.skip(f"fonts missing: {missing_fonts()}")
    return FontChain.load()


def fonts_of(chain: FontChain, text: str) -> list[tuple[str, str]]:
    printed = chain.plan(text, breaks=False)
    assert printed is not None and printed.losses == ()
    return [(run.font, "".join(run.parts)) for run in printed.runs]


@pytest.mark.parametrize(
    "text",
    [
        "Łukasz Zieliński",
        "Nguyễn Thị Hương",
        "Иван Петров",
        "Ἀθῆναι Ελληνικά",
        "王芳 日本語 한국어",
    ],
    ids=["latin", "vietnamese", "cyrillic", "greek", "cjk"],
)
def test_the_main_fonts_and_xecjk_print_these_as_they_are(chain: FontChain, text: str) -> None:
    assert chain.plan(text) is None


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("ภาษาไทย", "Thai"),
        ("ភាសាខ្មែរ", "Khmer"),
        ("မြန်မာဘာသာ", "Myanmar"),
        ("हिन्दी में", "Devanagari"),
        ("עברית שפה", "Hebrew"),
        ("نماذج اللغة الكبيرة", "Arabic"),
        ("𝐱𝐲𝔸𝕏", "MathLetters"),
        ("🚀", "Symbola"),
    ],
    ids=["thai", "khmer", "myanmar", "devanagari", "hebrew", "arabic", "math-letters", "emoji"],
)
def test_each_script_is_printed_whole_in_its_font(chain: FontChain, text: str, font: str) -> None:
    # One run: a right-to-left phrase keeps its spaces, so its words come in their order.
    assert fonts_of(chain, text) == [(font, text)]


def test_symbols_a_bold_title_lacked_come_from_a_font_that_has_them(chain: FontChain) -> None:
    for symbol in "⚡❤✨✅☕★✓":
        ((font, shown),) = fonts_of(chain, symbol)
        assert shown == symbol
        assert ord(symbol) in chain.coverage[font or "main"]


def test_variation_selectors_are_dropped_without_a_warning(chain: FontChain) -> None:
    assert fonts_of(chain, "❤\ufe0f and ✔\ufe0e") == [
        ("FreeSerif", "❤"),
        ("", " and "),
        ("FreeSerif", "✔"),
    ]


@pytest.mark.parametrize(
    ("sequence", "shown"),
    [
        ("👩\u200d💻", "👩💻"),  # woman technologist: a ZWJ sequence
        ("👍🏽", "👍"),  # a skin tone
        ("🇺🇸", "🇺🇸"),  # a flag: its two letters, one by one
        ("🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", "🏴"),  # England
    ],
    ids=["zwj", "skin-tone", "flag", "tag-flag"],
)
def test_emoji_sequences_keep_their_base_glyphs_and_are_reported(
    chain: FontChain, sequence: str, shown: str
) -> None:
    printed = chain.plan(f"a {sequence} b", breaks=False)
    assert printed is not None
    assert "".join(part for run in printed.runs for part in run.parts) == f"a {shown} b"
    assert [(loss.kind, loss.source, loss.shown) for loss in printed.losses] == [
        ("sequence", sequence, shown)
    ]


@pytest.mark.parametrize("char", ["\ue000", "\U000f0000", "\uffff", "\U0001fbff"])
def test_what_no_font_has_becomes_the_placeholder(chain: FontChain, char: str) -> None:
    printed = chain.plan(f"x{char}y", breaks=False)
    assert printed is not None
    assert "".join(part for run in printed.runs for part in run.parts) == f"x{PLACEHOLDER}y"
    assert [loss.kind for loss in printed.losses] == ["glyph"]


def test_a_mark_no_font_puts_on_its_letter_is_left_out_and_reported(chain: FontChain) -> None:
    printed = chain.plan("x\u0711 y", breaks=False)  # a Syriac mark: in no font of the chain
    assert printed is not None
    assert [(run.font, run.parts) for run in printed.runs] == [("", ("x y",))]
    assert [(loss.kind, loss.shown) for loss in printed.losses] == [("mark", "x")]


def test_joiners_that_shape_a_script_are_kept(chain: FontChain) -> None:
    assert fonts_of(chain, "क्\u200dष") == [("Devanagari", "क्\u200dष")]


def test_long_words_get_break_points_and_words_a_line_holds_get_none(chain: FontChain) -> None:
    assert chain.plan("x" * (LONG_WORD - 1)) is None
    url = chain.plan("see https://github.com/example-org/fast-attention-for-everyone/blob/README")
    assert url is not None
    (run,) = url.runs
    assert "".join(run.parts) == (
        "see https://github.com/example-org/fast-attention-for-everyone/blob/README"
    )
    # A break after each separator, and at least every third character.
    assert run.parts[0] == "see htt" and max(len(part) for part in run.parts[1:]) <= 3
    assert all(part.count("/") == part.endswith("/") for part in run.parts)
    hashed = chain.plan("a3f9c2" * 500)
    assert hashed is not None and max(len(p) for r in hashed.runs for p in r.parts) <= 3
    # Letters a font shapes together are split rarely: only what a line cannot hold.
    thai = chain.plan("ก" * 100)
    assert thai is not None and max(len(p) for r in thai.runs for p in r.parts) == 30


def test_index_entries_get_the_fonts_too(chain: FontChain) -> None:
    entry = r"\index{ali mohammed@علي, محمد}"
    assert chain.latex(entry) == r"\index{ali mohammed@\fomoprocArabic{علي, محمد}}"
    # A mark no main font has, after an escaped "#": the escape stays whole.
    assert chain.latex("\\index{a@A\\#\u20e3 ⚡}") == (
        "\\index{a@A\\#\\fomoprocFreeSerif{\u20e3 ⚡}}"
    )


def test_problems_name_the_file_the_paper_and_the_field(chain: FontChain) -> None:
    program = read_program(BOOKLET_ROOT / "program.toml")
    paper = Paper(
        id="p1",
        number=7,
        title="Private \ue000 use and $x^\\sqrt{2}$",
        authors=(Author(name="Ann 👍🏽"),),
        abstract="Fine ภาษาไทย text.\n\nFlag 🇺🇸 here.",
        kind=Kind.POSTER,
    )
    booklet = Booklet(program=program, papers=(paper,))
    found = problems(booklet, "export.json", chain, {"x^\\sqrt{2}": "Missing { inserted"})
    assert [(p.file, p.paper, p.field, p.severity.value) for p in found] == [
        ("export.json", "#7 (p1)", "title", "warning"),
        ("export.json", "#7 (p1)", "title", "warning"),
        ("export.json", "#7 (p1)", "authors[0]", "warning"),
        ("export.json", "#7 (p1)", "abstract", "warning"),
    ]
    assert "U+E000" in found[0].message and PLACEHOLDER in found[0].message
    assert "$x^\\sqrt{2}$ (Missing { inserted)" in found[1].message
    assert "👍🏽 (U+1F44D U+1F3FD) as 👍" in found[2].message
    assert "🇺🇸" in found[3].message


def test_the_preamble_loads_the_very_files_whose_cmaps_were_read() -> None:
    faces = find_faces()
    preamble = latex_preamble(faces)
    for font in CHAIN:
        if font.key in faces:
            regular = Path(faces[font.key][0].file)
            assert f"{{{regular.name}}}[Path={regular.parent}/" in preamble, font.family
            assert rf"\DeclareRobustCommand\fomoproc{font.key}[1]" in preamble


def test_missing_fonts_are_named() -> None:
    rows = [
        [f"/fonts/{name}", "0", "FreeSerif", "Regular"]
        for name in ("FreeSerif.otf", "FreeSerifBold.otf")
    ]
    rows.append(["/fonts/NotoSerifThai-Regular.ttf", "0", "Noto Serif Thai", "Regular"])
    lacking = missing_fonts(find_faces(rows))
    assert "Noto Serif Thai" not in lacking
    assert {"Noto Naskh Arabic", "Symbola", "Noto Serif CJK SC"} <= set(lacking)
    assert "FreeSans.otf" in lacking[0]


def test_one_package_list_names_every_font_of_the_chain() -> None:
    if shutil.which("dpkg") is None:
        pytest.skip("dpkg tells which Debian package owns a font file")
    faces = find_faces()
    files = sorted({face.file for group in faces.values() for face in group})
    owners = subprocess.run(
        ["dpkg", "-S", *files], capture_output=True, text=True, check=False
    ).stdout
    packages = {line.split(":")[0] for line in owners.splitlines()}
    assert packages and packages <= set(TEX_PACKAGES), packages - set(TEX_PACKAGES)


def test_the_xecjk_table_is_what_xecjk_does(tmp_path: Path) -> None:
    needs_tex()
    # XeTeX reports the class of every character below U+40000 in the booklet's preamble.
    (tmp_path / "classes.tex").write_text(
        "\\documentclass{article}\n\\usepackage{fontspec}\n"
        + LATEX_PREAMBLE
        + r"""
\begin{document}
\newcount\c \newcount\class \c=0
\immediate\openout1=classes.txt
\loop \class=\XeTeXcharclass\c
  \ifnum\class>0 \ifnum\class<4095 \immediate\write1{\the\c\space\the\class}\fi\fi
  \advance\c 1 \ifnum\c<"40000 \repeat
\immediate\closeout1
\end{document}
""",
        encoding="utf-8",
    )
    # (The preamble's lines for Sphinx's own commands fail here, and TeX goes on.)
    subprocess.run(
        ["xelatex", "-interaction=nonstopmode", "-no-pdf", "classes.tex"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    lines = (tmp_path / "classes.txt").read_text().splitlines()
    rows = [(int(code), int(kind)) for code, kind in (line.split() for line in lines)]
    # xeCJK's Western classes are those of ASCII punctuation; its CJK classes are the rest.
    western = {kind for code, kind in rows if code < 0x80}
    cjk = {code for code, kind in rows if kind not in western}
    table = {code for low, high in XECJK_RANGES for code in range(low, high + 1)}
    assert cjk == table, sorted(cjk ^ table)[:10]


def test_a_plan_is_made_once_per_text(chain: FontChain) -> None:
    first = chain.plan("ภาษาไทย " * 3)
    assert first is not None and chain.plan("ภาษาไทย " * 3) is first
    assert dataclasses.is_dataclass(first)
    assert re.fullmatch(r"[A-Za-z]+", "".join(font.key for font in CHAIN))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(["👩\u200d💻", "👍🏽", "🇺🇸", "❤\ufe0f", "क्\u200dष", "ภาษา", "لغة"]),
        ),
        max_size=30,
    ).map("".join)
)
def test_no_character_reaches_a_font_without_its_glyph(chain: FontChain, text: str) -> None:
    # The property that makes a missing glyph impossible: every character printed is in
    # the cmap of the font that prints it.
    printed = chain.plan(text)
    runs = printed.runs if printed is not None else (Run("", (text,)),)
    for run in runs:
        for char in "".join(run.parts):
            if run.font:
                assert ord(char) in chain.coverage[run.font], (run.font, hex(ord(char)))
            elif not (char.isascii() and (char.isprintable() or char.isspace())):
                covered = chain.coverage["cjk" if chain.is_cjk(char) else "main"]
                assert ord(char) in covered, hex(ord(char))


def test_a_missing_glyph_is_reported_with_its_page_and_fails_nothing(tmp_path: Path) -> None:
    # Before: any "Missing character" line failed the whole booklet. Now the chain makes
    # one impossible for the booklet's text, and one that slips through is reported.
    (tmp_path / "booklet.log").write_text(
        "[1] [2\n\n]\nMissing character: There is no \ue000 (U+E000) in font FreeSerif!\n"
        "[3] [4]\nMissing character: There is no \ue000 (U+E000) in font FreeSerif!\n",
        encoding="utf-8",
    )
    assert lost_glyphs(tmp_path, "booklet.tex") == [
        "no glyph for \ue000 (U+E000) in font FreeSerif (near page 3, 5)"
    ]
