"""Vetted math as plain text: what titles, metadata tags and search snippets show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from conftest import BOOKLET_ROOT, BuildBooklet
from fomoproc.mathtext import readable, to_text
from fomoproc.sphinxext import searchindex
from fomoproc.text import math_is_safe
from hostile import write_export


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        pytest.param(r"\{-1, 0, +1\}", "{−1, 0, +1}", id="ternary-set"),
        pytest.param("O(n^2)", "O(n²)", id="square"),
        pytest.param(r"O(n \log n)", "O(n log n)", id="function-apart"),
        pytest.param(r"\log(n)", "log(n)", id="function-call"),
        pytest.param(r"2^{10}", "2¹⁰", id="superscript-group"),
        pytest.param(r"e^{-x^2}", "e^(−x²)", id="no-unicode-superscript"),
        pytest.param(r"\alpha_{t+1}", "αₜ₊₁", id="subscript"),
        pytest.param(r"W_{\text{in}}", "Wᵢₙ", id="text-subscript"),
        pytest.param(r"\frac{a+b}{2}", "(a+b)/2", id="fraction"),
        pytest.param(r"\sqrt{d}", "√d", id="root"),
        pytest.param(r"\mathbb{R}^{d \times k}", "ℝ^(d × k)", id="double-struck"),
        pytest.param(r"\left( \frac{1}{2} \right)", "(1/2)", id="sized-delimiters"),
        pytest.param(r"3.9\times", "3.9×", id="times"),
        pytest.param(r"\hat{x}", "x̂", id="accent"),
        pytest.param(r"a \bmod b", "a mod b", id="mod"),
        pytest.param(r"\mathbf{\Phi}_\textrm{flow}", "Φ_(flow)", id="bold-greek"),
        pytest.param(r"\binom{n}{k}", "C(n, k)", id="binomial"),
        pytest.param("1.58", "1.58", id="number"),
    ],
)
def test_vetted_math_reads_as_text(latex: str, text: str) -> None:
    assert math_is_safe(latex)
    assert to_text(latex) == text


def test_only_vetted_math_is_converted_the_rest_stays_as_written() -> None:
    assert readable("Heads: $O(n)$ long, costs $5 and $10") == "Heads: O(n) long, costs $5 and $10"
    # Not vetted (a command that could read a file): shown exactly as typed.
    assert readable(r"$\input{/etc/passwd}$ and $x^2$") == r"$\input{/etc/passwd}$ and x²"
    assert readable("no math at all") == "no math at all"


_COMMAND_WORDS = r"""
    \alpha \log \sum \infty \leq \to \cdot \times \ldots \langle \rangle \mathbb{R}
    \frac{1}{n} \sqrt{2} \hat{x} \text{ms} \left( \right) \operatorname{sgn} \pmod{p}
    \quad \, \{ \}
"""
_COMMANDS = st.sampled_from(_COMMAND_WORDS.split())
_PIECES = st.one_of(_COMMANDS, st.sampled_from(list("xyn012+-=()[],. ")), st.just("^2"))


@given(st.lists(_PIECES, min_size=1, max_size=12))
def test_converted_math_never_shows_latex(pieces: list[str]) -> None:
    latex = "".join(pieces).strip()
    if not latex or not math_is_safe(latex):
        return
    text = to_text(latex)
    assert "\\" not in text
    assert text == text.strip()
    assert "  " not in text


def test_titles_and_tags_carry_math_as_text(build_booklet: BuildBooklet, tmp_path: Path) -> None:
    """<title>, breadcrumbs, og:title, citation_title, JSON-LD and the search index."""
    notes = json.loads((BOOKLET_ROOT / "export.json").read_text(encoding="utf-8"))["notes"]
    for note in notes:
        if note["id"] == "spotPaper2":
            note["content"]["title"]["value"] = r"Ternary $\{-1, 0, +1\}$ weights in $O(n^2)$"
    export = write_export(tmp_path / "math.json", notes)
    assert build_booklet(export=export) == 0
    html = tmp_path / "out" / "html"
    page = BeautifulSoup((html / "papers/spotPaper2.html").read_text("utf-8"), "html.parser")
    shown = "Ternary {−1, 0, +1} weights in O(n²)"
    assert page.title is not None and page.title.string.startswith(shown + " ")
    assert page.select_one(".bd-breadcrumbs .active").get_text() == shown
    assert page.select_one('meta[property="og:title"]')["content"] == shown
    assert page.select_one('meta[name="citation_title"]')["content"] == shown
    ld = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert ld["headline"] == ld["name"] == shown
    # The heading itself still typesets the math.
    assert page.select_one("article h1 span.math") is not None
    index = searchindex.PACKED.loads((html / "searchindex.js").read_text(encoding="utf-8"))
    assert index["titles"][index["docnames"].index("papers/spotPaper2")] == shown
    assert shown in index["alltitles"]
