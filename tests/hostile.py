"""A corpus of hostile and odd records, written as OpenReview API v2 notes.

Each :class:`Case` puts one hostile value into one field of one accepted paper
(its forum id is the case id), so a failure names the case. The corpus tests
build all of them at once, to HTML and to a real PDF, and check that every value
comes out as literal text (``$...$`` math alone rendered).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fomoproc.text import Math, clean_line, clean_paragraphs, segments

GROUP = "ICML.cc/2025/Workshop/TW"
VENUES = ("TW I @ ICML 2025 Oral", "TW I @ ICML 2025 Spotlight", "TW I @ ICML 2025 Poster")

LONG_ABSTRACT = " ".join(
    f"Sentence {n} of a very long abstract about caching & batching {{}} 100% of $x_{n % 10}$."
    for n in range(260)
)
assert len(LONG_ABSTRACT) > 20_000


@dataclass(frozen=True)
class Case:
    """One hostile value in one field of one paper."""

    id: str  # the paper's forum id: letters, digits, "-" and "_"
    field: str  # title, abstract, author, keyword, tldr, code, pdf
    value: str
    # How the case shows in the PDF when that differs from the literal text
    # (pdftotext cannot give back some characters); None: the literal text.
    pdf: str | None = None
    # For a URL case: the href of the link it becomes, or "" for no link at all.
    link: str = ""

    @property
    def expected(self) -> str:
        """The text a reader sees on the page: the value, normalised as the reader does."""
        if self.field == "abstract":
            return clean_paragraphs(self.value)
        return clean_line(self.value)

    def html_text(self) -> str:
        """The text BeautifulSoup gives back: math as MathJax's ``\\(...\\)``, the rest literal."""
        return "".join(
            f"\\({s.latex}\\)" if isinstance(s, Math) else s.text for s in segments(self.expected)
        )

    def pdf_parts(self) -> list[str]:
        """The runs of literal text pdftotext must give back (typeset math is not checked)."""
        if self.pdf is not None:
            return [self.pdf]
        return [s.text for s in segments(self.expected) if not isinstance(s, Math)]


CASES: tuple[Case, ...] = (
    # MyST and Sphinx syntax
    Case("myst-eval-rst", "title", "```{eval-rst}\n.. raw:: html\n\n   <script>x()</script>\n```"),
    Case("myst-raw", "abstract", "```{raw} html\n<script>alert(1)</script>\n```\n\nafter raw"),
    Case("myst-raw-latex", "abstract", "```{raw} latex\n\\input{/etc/passwd}\n```"),
    Case("myst-download-role", "title", "Read {download}`/etc/passwd` now"),
    Case("myst-file-role", "title", "Read {fomoproc-file}`it <bib/../../conf.py>` now"),
    Case("myst-colon-fence", "abstract", ":::{warning}\nfenced\n:::"),
    Case("myst-label", "title", "(label)= target"),
    Case("myst-js-link", "abstract", "[click me](javascript:alert(1)) and <javascript:alert(2)>"),
    Case("myst-heading", "abstract", "# Heading one\n\n## Heading two"),
    Case("myst-table", "abstract", "| a | b |\n|---|---|\n| 1 | 2 |"),
    Case("myst-footnote", "abstract", "Text[^1]\n\n[^1]: the footnote"),
    Case("myst-substitution", "title", "{{ substitution }} and {{project}}"),
    Case("myst-directive-title", "title", "```{toctree}\n/etc/passwd\n```"),
    Case("myst-include", "abstract", "```{include} /etc/passwd\n```"),
    Case("myst-html-comment", "tldr", "<!-- hidden --> shown"),
    Case("myst-front-matter", "abstract", "---\ntitle: injected\n---\nbody"),
    Case("myst-emphasis", "keyword", "*star* _under_ **bold** `code`"),
    Case("myst-list", "abstract", "- item\n1. number\n> quote\n***"),
    Case("rst-directive", "abstract", ".. raw:: html\n\n   <b>x</b>\n\n:ref:`y` |sub|"),
    # HTML
    Case("html-script", "title", "<script>alert('title')</script>"),
    Case("html-img-onerror", "abstract", "<img src=x onerror=alert(1)> picture"),
    Case("html-iframe", "author", "<iframe src='https://example.org'></iframe> Iframe"),
    Case("html-entities", "title", "&lt;b&gt; &amp; &#x3C;script&#x3E; &nbsp;"),
    Case("html-comment", "abstract", "before <!-- comment --> after"),
    Case("html-style", "keyword", "<style>body{display:none}</style>"),
    Case("html-attr-break", "author", '"><svg onload=alert(1)>'),
    # LaTeX outside math
    Case("tex-input", "title", "\\input{/etc/passwd}"),
    Case("tex-write18", "abstract", "\\immediate\\write18{rm -rf /} shell"),
    Case("tex-def", "abstract", "\\def\\x{y}\\x \\let\\a\\b \\catcode`\\@=11"),
    Case("tex-end-document", "title", "\\end{document} after"),
    Case("tex-unbalanced", "abstract", "}}} unbalanced {{{ braces"),
    Case("tex-specials", "title", "100% # & _ ~ ^ \\ { } $ done"),
    Case("tex-specials-author", "author", "O'Brien & Sons_{2} ~#%"),
    Case("tex-verb", "tldr", "\\verb|x| \\begin{verbatim} \\makeatletter"),
    # math
    Case("math-good", "abstract", "Cost $O(n^2)$ drops to $O(n \\log n)$."),
    Case("math-unbalanced", "title", "Unbalanced $x^2 dollar"),
    Case("math-double", "abstract", "$$x = y$$ display"),
    Case("math-bracket", "abstract", "\\[ x \\] and \\( y \\)"),
    Case("math-money", "title", "It costs $5 and $10"),
    Case("math-input", "abstract", "$\\input{/etc/passwd}$ and $\\href{javascript:x}{y}$"),
    Case("math-def", "tldr", "$\\def\\a{b}$ $\\catcode$"),
    Case("math-unbalanced-braces", "abstract", "$x^{2$ and $\\frac{a}$"),
    # Unicode
    Case("uni-emoji", "title", "Fast 🚀 models 🤖 for everyone 🎉"),
    Case("uni-rtl", "abstract", "Arabic العربية and Hebrew עברית in a sentence"),
    Case("uni-combining", "author", "Zoe\u0308 Nai\u0308ve A\u030a\u0301"),
    Case("uni-zero-width", "title", "Zero\u200bwidth\u200cjoin\u200dme\u2060x\ufeffy"),
    Case("uni-control", "abstract", "bell\x07 back\x08 esc\x1b[31m red nul\x00 del\x7f"),
    Case("uni-nfd", "author", "Jose\u0301 Nu\u0301n\u0303ez"),
    Case("uni-cjk", "title", "大型语言模型 日本語のタイトル 한국어 제목"),
    Case("uni-separators", "tldr", "line\u2028separator\u2029paragraph"),
    Case("uni-bidi-override", "keyword", "\u202eevil\u202c \u2066isolate\u2069"),
    Case("uni-long-abstract", "abstract", LONG_ABSTRACT),
    Case("uni-long-title", "title", ("A very long title " * 28)[:500]),
    # URLs
    Case("url-javascript", "code", "javascript:alert(1)", pdf=""),
    Case("url-data", "code", "data:text/html,<script>alert(1)</script>", pdf=""),
    Case("url-relative", "code", "../../etc/passwd", pdf=""),
    Case("url-spaces-quotes", "code", "https://example.org/a b\"c'd<e>", pdf=""),
    Case("url-vbscript-pdf", "pdf", "vbscript:msgbox(1)", pdf=""),
    Case(
        "url-quotes",
        "code",
        'https://example.org/x"onmouseover="alert(1)\'<b>',
        pdf="",
        link="https://example.org/x%22onmouseover=%22alert%281%29'%3Cb%3E",
    ),
    Case(
        "url-parens-brackets",
        "code",
        "https://example.org/a_(b)[c]{d}>`e`",
        pdf="",
        link="https://example.org/a_%28b%29%5Bc%5D%7Bd%7D%3E%60e%60",
    ),
    Case(
        "url-uppercase-scheme",
        "pdf",
        "HTTPS://EXAMPLE.ORG/Paper.pdf",
        pdf="",
        link="https://EXAMPLE.ORG/Paper.pdf",
    ),
)


def _note(case: Case, number: int) -> dict[str, Any]:
    content: dict[str, Any] = {
        "title": f"Hostile case {case.id}",
        "venue": VENUES[number % 3],
        "venueid": GROUP,
        "authors": ["Alice Example"],
        "authorids": ["~Alice_Example1"],
        "abstract": f"An abstract for {case.id}.",
    }
    if case.field == "author":
        content["authors"] = [case.value, "Bob Example"]
        content["authorids"] = ["~Hostile1", "~Bob_Example1"]
    elif case.field == "keyword":
        content["keywords"] = [case.value, "plain"]
    elif case.field == "tldr":
        content["TLDR"] = case.value
    else:
        content[case.field] = case.value
    return {
        "id": case.id,
        "forum": case.id,
        "number": number,
        "content": {name: {"value": value} for name, value in content.items()},
    }


def notes(cases: tuple[Case, ...] = CASES) -> list[dict[str, Any]]:
    """The cases as OpenReview v2 notes, one accepted paper each."""
    return [_note(case, number) for number, case in enumerate(cases, 1)]


def write_export(path: Path, records: list[dict[str, Any]]) -> Path:
    """Write notes as the ``{"notes": [...]}`` response OpenReview gives."""
    path.write_text(json.dumps({"notes": records}, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
