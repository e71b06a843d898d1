"""Math the page accepts must compile: the vetting rules, and TeX's own verdict in one batch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import needs_tex
from fomoproc.mathcheck import check
from fomoproc.text import math_is_safe

# Each of these is an error in TeX and in MathJax (which draws the error in the page):
# shown as text in both, with the import's "math shown as text" warning.
INVALID_IN_BOTH = {
    "prime-after-superscript": "h^{(t)}'",
    "left-without-delimiter": "\\left x \\right y",
    "middle-outside-left-right": "\\middle|",
    "two-overs": "a \\over b \\over c",
    "big-without-delimiter": "\\Big x",
    "braced-double-superscript": "x^{a}^{b}",
    "double-superscript-after-a-brace": "\\overbrace{x}^{y}^{z}",
    "unclosed-root-index": "\\sqrt[{x}",
    "command-as-argument": "\\hat\\frac{a}{b}",
    "left-as-argument": "\\sqrt\\left(x\\right)",
    "operator-as-script": "x^\\log",
    "prime-as-script": "x^'",
    "right-without-left": "\\right)",
}
VALID = {
    "prime-then-superscript": "x'^2",
    "double-prime": "x''",
    "middle-inside": "\\left( a \\middle| b \\right)",
    "over-in-each-group": "{a \\over b} \\over c",
    "over-in-left-right": "\\left( a \\over b \\right) \\over c",
    "root-index": "\\sqrt[3]{x}",
    "fraction-as-script": "x^\\frac12",
    "big-delimiter": "\\Big\\|",
    "scripts-after-group": "{x}^{2}_{i}",
    "text-with-a-quote": "\\text{it's (a)}",
    "angle-delimiters": "\\left< x \\right>",
}


@pytest.mark.parametrize("latex", INVALID_IN_BOTH.values(), ids=INVALID_IN_BOTH.keys())
def test_math_that_tex_and_mathjax_both_reject_is_text(latex: str) -> None:
    assert not math_is_safe(latex)


@pytest.mark.parametrize("latex", VALID.values(), ids=VALID.keys())
def test_math_that_both_typeset_stays_math(latex: str) -> None:
    assert math_is_safe(latex)


def test_tex_rejects_in_one_run_only_the_formulas_it_cannot_typeset(tmp_path: Path) -> None:
    needs_tex()
    # x^\sqrt{2}: MathJax renders it, TeX stops ("Missing { inserted"); \sqrt[ would eat
    # the formulas after it if each were not set apart.
    formulas = ["x^\\sqrt{2}", "O(n \\log n)", "\\sqrt[", "\\frac{a}{b}", "x^\\lim", "y"]
    checked = check(formulas, tmp_path / "cache.json")
    assert set(checked.failed) == {"x^\\sqrt{2}", "\\sqrt[", "x^\\lim"}
    assert checked.failed["x^\\sqrt{2}"] == "Missing { inserted"
    assert checked.compiled == len(formulas)


def test_formulas_are_checked_as_bookmark_text_too(tmp_path: Path) -> None:
    needs_tex()
    # In a title, a formula also becomes the text of a PDF bookmark, where hyperref stopped
    # at these; the booklet gives them words there, which the check uses too.
    formulas = ["x_1, \\cdots, x_n", "\\binom{n}{k}", "\\tbinom{n}{k}", "{a \\over b}"]
    assert check(formulas, tmp_path / "cache.json").failed == {}


def test_verdicts_are_kept_so_an_unchanged_booklet_compiles_nothing(tmp_path: Path) -> None:
    needs_tex()
    cache = tmp_path / "cache.json"
    first = check(["x^\\sqrt{2}", "a+b"], cache)
    again = check(["a+b", "x^\\sqrt{2}"], cache)
    assert (again.failed, again.compiled) == (first.failed, 0)
    grown = check(["a+b", "x^\\sqrt{2}", "c^2"], cache)
    assert grown.compiled == 1 and grown.failed == first.failed


def test_without_xelatex_no_formula_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert check(["x^\\sqrt{2}"]).failed == {}
