"""Property: any Unicode in every field gives a PDF; each title prints, or its placeholder
does with a warning for that paper and field.

Each example is one export of many records, built once with `fomoproc build` (HTML and
PDF): a few examples stand for hundreds of papers at the cost of a few PDF builds.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import ftfy
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import BOOKLET_ROOT, needs_tex
from fomoproc.cli import WORK, main
from fomoproc.mathcheck import check
from fomoproc.pdftext import PLACEHOLDER, FontChain, read_report
from fomoproc.text import Math, clean_line, segments
from hostile import GROUP, write_export

RECORDS = 40
# Pieces that hit the PDF's hard cases more often than random code points would: each
# script of the font chain, emoji sequences, selectors, joiners, marks, private use,
# formulas TeX alone rejects, long words, braces and control characters.
PIECES = [
    "ภาษาไทย", "العربية لغة", "עברית", "हिन्दी", "ខ្មែរ", "မြန်မာ", "王芳", "한국어",
    "👩\u200d💻", "👍🏽", "🇺🇸", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "❤\ufe0f", "⚡", "✓", "\u200d", "\u200c", "\u0301", "\ue000", "\U0010fffd", "𝐱𝔸",
    "$x^\\sqrt{2}$", "$O(n^2)$", "$h^{(t)}'$", "$\\left( a \\middle| b \\right)$",
    "{", "}", "\\", "%", "#", "\x07", "\u202e", "a3f9c2" * 12, "https://example.org/" + "a" * 60,
]  # fmt: skip
text = st.lists(
    st.one_of(st.characters(codec="utf-8"), st.sampled_from(PIECES), st.just(" ")),
    max_size=14,
).map("".join)


@st.composite
def record(draw: st.DrawFn, number: int) -> dict[str, Any]:
    """One accepted paper with random text in every field."""
    content = {
        "title": f"T{number} {draw(text)}",
        "venue": "Poster " + draw(text),
        "venueid": GROUP,
        "authors": draw(st.lists(text, max_size=2)),
        "abstract": draw(st.lists(text, max_size=3).map("\n\n".join)),
        "keywords": draw(st.lists(text, max_size=2)),
        # Random too, and a marker that finds the paper's page in the PDF.
        "TLDR": f"{draw(text)} Marker{number}.",
        "code": draw(text),
    }
    forum = f"p{number}"
    wrapped = {key: {"value": value} for key, value in content.items()}
    return {"id": forum, "forum": forum, "number": number, "content": wrapped}


def letters(text: str) -> Counter[str]:
    """The characters pdftotext gives back for a text, counted, in any order: shaped
    scripts come out in drawing order, Arabic as presentation forms, marks merged."""
    return Counter(
        c
        for c in unicodedata.normalize("NFKC", text)
        if not c.isspace() and unicodedata.category(c) not in {"Cf", "Mn", "Me", "Cc"}
    )


def printed_title(title: str, chain: FontChain, failed: dict[str, str]) -> tuple[str, bool]:
    """The title's text as the PDF prints it (typeset math left out), and whether it holds
    a placeholder."""
    out, placeholder = [], False
    for segment in segments(title):
        if isinstance(segment, Math):
            out.append(f"${segment.latex}$" if segment.latex in failed else "")
            continue
        printed = chain.plan(segment.text, breaks=False)
        if printed is None:
            out.append(segment.text)
            continue
        out.append("".join(part for run in printed.runs for part in run.parts))
        placeholder |= any(loss.kind == "glyph" for loss in printed.losses)
    return "".join(out), placeholder


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    # A failing export of 40 records shrinks for many minutes: report it as generated.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.tuples(*(record(n) for n in range(1, RECORDS + 1))))
def test_any_unicode_gives_a_pdf_with_every_title_or_its_placeholder_and_a_warning(
    notes: tuple[dict[str, Any], ...],
) -> None:
    needs_tex()
    chain = FontChain.load()
    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "docs"
        shutil.copytree(BOOKLET_ROOT, docs)
        write_export(docs / "export.json", list(notes))
        out = Path(folder) / "out"
        output = io.StringIO()
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            status = main(
                ["build", "--docs", str(docs), "--export", str(docs / "export.json"),
                 "--program", str(docs / "program.toml"), "--out", str(out)]
            )  # fmt: skip
        log = output.getvalue()
        assert status == 0, log
        assert "no glyph for" not in log
        pdf = subprocess.run(
            ["pdftotext", str(out / "booklet.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout.split("\f")
        titles = {
            note["number"]: clean_line(ftfy.fix_encoding(note["content"]["title"]["value"]))
            for note in notes
        }
        formulas = [s.latex for t in titles.values() for s in segments(t) if isinstance(s, Math)]
        # The verdicts the build kept: nothing is compiled again here.
        verdicts = check(formulas, out / WORK / "latex" / ".doctrees" / "fomoproc-math.json")
        assert verdicts.compiled == 0
        # Every warning of the PDF (the build prints the first 50).
        report = read_report(out / WORK / "latex")
        for number, title in titles.items():
            page = next(page for page in pdf if f"Marker{number}." in page)
            shown, placeholder = printed_title(title, chain, verdicts.failed)
            missing = letters(shown) - letters(page)
            assert not missing, (number, title, missing)
            warned = [
                problem
                for problem in report
                if problem.paper == f"#{number} (p{number})"
                and problem.field == "title"
                and problem.message.startswith(f"the PDF prints {PLACEHOLDER} for ")
            ]
            assert (PLACEHOLDER in page and warned) if placeholder else not warned, title
