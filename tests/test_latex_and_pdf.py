"""The LaTeX build, and one real PDF compiled with XeLaTeX through `fomoproc build`."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import BuildBooklet, needs_tex
from fomoproc.cli import WORK

ROOT = Path(__file__).parent / "roots" / "test-booklet"


@pytest.mark.sphinx("latex", testroot="booklet")
def test_latex_keeps_math_and_escapes_specials(app: SphinxTestApp, warning: object) -> None:
    app.build()
    assert warning.getvalue() == ""  # type: ignore[attr-defined]
    tex = (Path(app.outdir) / "booklet.tex").read_text(encoding="utf-8")
    assert r"\(O(n \log n)\)" in tex
    assert r"costs \$5 and \$10, 40\% \& more\_things" in tex
    assert r"\#1 \{braces\}" in tex
    assert r"<script>alert(1)</script> ```\{eval\sphinxhyphen{}rst\}" in tex
    assert "Иван Петров" in tex and "王芳" in tex
    assert r"\usepackage{xeCJK}" in tex


@pytest.mark.pdf
def test_build_makes_a_pdf_with_every_paper_and_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build_booklet: BuildBooklet
) -> None:
    needs_tex()
    status = build_booklet(pdf=True)
    assert status == 0, capsys.readouterr()
    pdf = tmp_path / "out" / "booklet.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for name in ("Łukasz Zieliński", "Zoë Durand", "Nguyễn Thị Hương", "Иван Петров", "王芳"):
        assert name in text
    assert "Sub-quadratic Attention in" in text
    assert "<script>alert(1)</script>" in text
    assert "Keynote on kernels" in text
    assert "Bold Greek Φflow and Γ need the math fonts" in " ".join(text.split())
    # Curly quotes, dashes, the ellipsis and the middle dot are Western punctuation here,
    # with their spaces (xeCJK would set them as CJK punctuation, eating the spaces).
    assert "call it “fast” — and ‘quite’ so…" in " ".join(text.split())
    assert "Keywords: Attention · Efficient Inference" in " ".join(text.split())
    # A link cannot be followed on paper: a paper's addresses are printed, short.
    squashed = "".join(text.split())
    assert "OpenReview:openreview.net/forum?id=oralPaper1" in squashed
    assert "Code:github.com/example-org/fast-attn" in squashed
    log = (tmp_path / "out" / WORK / "latex" / "booklet.log").read_text(errors="replace")
    assert "There were undefined references" not in log
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "CJK" in fonts.stdout  # 王芳 still comes from the CJK font
    assert (tmp_path / "out" / "html" / "papers" / "oralPaper1.html").is_file()
    # The author index, with page numbers, accented and CJK names filed by family name.
    index = text[text.rindex("\nAuthors\n") :] if "\nAuthors\n" in text else ""
    for entry in ("Zieliński, Łukasz", "Berg, Anouk van der", "Петров, Иван", "王芳"):
        assert re.search(re.escape(entry) + r",? \d+", index), entry
