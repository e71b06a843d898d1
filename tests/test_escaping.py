"""Strangers' text: MyST escaping keeps it literal, math is vetted, BibTeX round-trips."""

from __future__ import annotations

import pytest
from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st
from myst_parser.mdit_to_docutils.base import make_document
from myst_parser.parsers.docutils_ import Parser

from fomoproc.text import Math, Text, clean_line, math_is_safe, segments
from fomoproc.writers import bibtex, myst


def _parse(source: str) -> nodes.document:
    document = make_document(parser_cls=Parser)
    Parser().parse(source, document)
    return document


@pytest.mark.parametrize(
    "text",
    [
        "```{eval-rst}",
        "{download}`/etc/passwd`",
        ":::{note}",
        "(label)=",
        "# heading",
        "[link](javascript:alert(1))",
        "<script>alert(1)</script>",
        "<img onerror=x>",
        "&amp; &#x3C;",
        "<!-- c -->",
        "| a | b |",
        "[^1]",
        "{{ sub }}",
        "% comment",
        "1. item",
        "- item",
        "> quote",
        "***",
        "\\end{document}",
        "trailing \\",
        "a_b_c *x* **y**",
        "+++",
        "$$x$$",
        "<https://example.org>",
    ],
)
def test_escaped_text_parses_to_exactly_that_text(text: str) -> None:
    document = _parse(myst.escape(text))
    assert document.astext() == text
    assert [type(n).__name__ for n in document.findall(nodes.Element)] in (
        ["document", "paragraph"],
    )


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_unicode_line_stays_literal(text: str) -> None:
    expected = clean_line(text)
    if not expected:
        return
    document = _parse(myst.escape(text))
    assert document.astext() == expected
    assert not list(document.findall(nodes.raw))
    assert not list(document.findall(nodes.reference))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("$O(n^2)$", [Math("O(n^2)")]),
        ("$3.9\\times$ faster", [Math("3.9\\times"), Text(" faster")]),
        ("costs $5 and $10", [Text("costs $5 and $10")]),
        ("$\\input{/etc/passwd}$", [Text("$\\input{/etc/passwd}$")]),
        ("$\\href{javascript:x}{y}$", [Text("$\\href{javascript:x}{y}$")]),
        ("$x^$", [Text("$x^$")]),
        ("$\\frac{a}$", [Text("$\\frac{a}$")]),
        ("$a % b$", [Text("$a % b$")]),
    ],
    ids=["big-o", "times", "money", "input", "href", "dangling-script", "frac-arity", "comment"],
)
def test_only_vetted_math_is_math(source: str, expected: list[object]) -> None:
    assert segments(source) == expected


@pytest.mark.parametrize("latex", ["\\left( x \\right.", "x^{2}_1", "\\mathcal{O}(n\\log n)"])
def test_well_formed_math_is_accepted(latex: str) -> None:
    assert math_is_safe(latex)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Anouk van der Berg", "van der Berg, Anouk"),
        ("Luis de la Cruz", "de la Cruz, Luis"),
        ("Mononym", "Mononym"),
        ("王芳", "王芳"),
        ("Smith, Jr.", "{Smith, Jr.}"),
        ("A & B_c", "B\\_c, A \\&"),
    ],
)
def test_bibtex_names(name: str, expected: str) -> None:
    assert bibtex.bibtex_name(name) == expected


def test_bibtex_escapes_specials_and_protects_acronyms() -> None:
    assert bibtex.latex_text("50% of {LLM} & $x_1$ ~ #", protect_case=True) == (
        r"50\% of {\textbraceleft}{LLM}{\textbraceright} \& {$x_1$} {\textasciitilde} \#"
    )


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_bibtex_field_braces_always_balance(text: str) -> None:
    value = bibtex.latex_text(text, protect_case=True)
    depth = 0
    for char in value.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
