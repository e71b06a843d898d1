"""Math the page accepts must compile: the vetting rules, and TeX's own verdict in one batch."""

from __future__ import annotations

import pytest

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
