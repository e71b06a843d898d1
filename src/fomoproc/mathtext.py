"""Vetted math as readable plain text, where no math can be typeset.

Page titles, link previews, Google Scholar's tags and search snippets are plain text: there
``$\\{-1, 0, +1\\}$`` should read ``{−1, 0, +1}`` and ``$O(n^2)$`` ``O(n²)``, not their LaTeX.
Only math that :func:`fomoproc.text.math_is_safe` let through is converted, so the commands
are the known few; a command without a rendering here is written as its name, never with
its backslash. Superscripts and subscripts use Unicode's where every character has one
(``n²``, ``x₁``), else ``^`` and ``_`` with parentheses around more than one character.

pylatexenc's ``LatexNodes2Text`` (installed with bibtexparser) was tried on the same cases:
it writes ``O(n^2)``, ``{-1, 0, +1}`` with a hyphen, ``O(n logn)`` and ``a+b/2`` for
``\\frac{a+b}{2}``.
"""

from __future__ import annotations

import functools
import re

from fomoproc.text import Math, Text, clean_line, segments

_SYMBOLS = {
    # Greek
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    # relations and arrows
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
    "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫",
    "prec": "≺", "preceq": "⪯", "succ": "≻", "succeq": "⪰", "in": "∈", "notin": "∉",
    "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇",
    "to": "→", "rightarrow": "→", "gets": "←", "leftarrow": "←", "leftrightarrow": "↔",
    "Rightarrow": "⇒", "implies": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "iff": "⇔",
    "mapsto": "↦", "uparrow": "↑", "downarrow": "↓",
    # operators
    "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆",
    "circ": "∘", "bullet": "•", "oplus": "⊕", "otimes": "⊗", "odot": "⊙", "cup": "∪",
    "cap": "∩", "setminus": "∖", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
    "neg": "¬", "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "oint": "∮",
    "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁", "bigotimes": "⨂",
    # other symbols
    "infty": "∞", "partial": "∂", "nabla": "∇", "forall": "∀", "exists": "∃",
    "emptyset": "∅", "varnothing": "∅", "top": "⊤", "bot": "⊥", "angle": "∠", "ell": "ℓ",
    "hbar": "ℏ", "aleph": "ℵ", "prime": "′", "Re": "ℜ", "Im": "ℑ",
    "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱",
    "langle": "⟨", "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋",
    "vert": "|", "lvert": "|", "rvert": "|", "Vert": "‖", "lVert": "‖", "rVert": "‖",
    # spacing and fonts without an argument
    "quad": " ", "qquad": " ", "rm": "", "bf": "", "over": "/",
}  # fmt: skip
_ESCAPED = {"{": "{", "}": "}", "|": "‖", ",": " ", ";": " ", ":": " ", "!": "", " ": " "}
#: Written as words, apart from the letters around them ("n log n").
_FUNCTION_WORDS = """
    Pr arccos arcsin arctan arg bmod cos cosh deg det dim exp gcd inf ker lg lim liminf
    limsup ln log max min mod sin sinh sup tan tanh
"""
_FUNCTIONS = frozenset(_FUNCTION_WORDS.split())
#: Commands whose argument is shown as it is (fonts, text, sizes of delimiters).
_AS_IS_WORDS = """
    boldsymbol mathbf mathit mathrm mathsf mathtt mathcal mathfrak operatorname overbrace
    underbrace text textbf textit textrm textsf texttt
"""
_AS_IS = frozenset(_AS_IS_WORDS.split())
_SIZE_WORDS = "left right middle big Big bigg Bigg bigl bigr Bigl Bigr"
_SIZES = frozenset(_SIZE_WORDS.split())
_ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
    "underline": "\u0332", "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7",
    "dot": "\u0307", "ddot": "\u0308", "acute": "\u0301", "grave": "\u0300",
    "breve": "\u0306", "check": "\u030c",
}  # fmt: skip
_DOUBLE_STRUCK = {"C": "ℂ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ", "E": "𝔼"}
_SUPERSCRIPTS = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)
_SUBSCRIPTS = dict(
    zip("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
# Around a function's name: a space where a letter or digit would run into it ("n log n",
# "log(n)").
_APART = "\x00"
_APART_RUNS = re.compile("(.?)\x00+(.?)", re.DOTALL)
_SCRIPT_CHARACTERS = frozenset(_SUPERSCRIPTS.values()) | frozenset(_SUBSCRIPTS.values())
_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|\s+|.", re.DOTALL)
_SPACE_BEFORE = re.compile(r" +([),;:!?\]}])")
_SPACE_AFTER = re.compile(r"([(\[{]) +")


class _Reader:
    """The tokens of one formula, read left to right."""

    def __init__(self, latex: str) -> None:
        self.tokens = _TOKEN.findall(latex)
        self.pos = 0

    def sequence(self, *, until_brace: bool = False) -> str:
        out: list[str] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if token == "}" and until_brace:
                self.pos += 1
                break
            if token in {"^", "_"}:
                self.pos += 1
                out.append(_script(self.atom(), token))
            elif token.isspace():
                self.pos += 1
                out.append(" ")
            else:
                out.append(self.atom())
        return "".join(out)

    def atom(self) -> str:
        """One argument: a group, a command with its arguments, or one character."""
        while self.pos < len(self.tokens) and self.tokens[self.pos].isspace():
            self.pos += 1
        if self.pos >= len(self.tokens):
            return ""
        token = self.tokens[self.pos]
        self.pos += 1
        if token == "{":
            return self.sequence(until_brace=True)
        if token == "}":  # not vetted math; read on as text
            return ""
        if token.startswith("\\"):
            return self.command(token[1:])
        return "−" if token == "-" else token

    def command(self, name: str) -> str:
        if name in _ESCAPED:
            return _ESCAPED[name]
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        if name in _FUNCTIONS:
            word = "mod" if name == "bmod" else name
            return f"{_APART}{word}{_APART}"
        if name in _SIZES:
            delimiter = self.atom()
            return "" if delimiter == "." else delimiter
        if name in _AS_IS:
            return self.atom()
        if name == "mathbb":
            content = self.atom()
            return "".join(_DOUBLE_STRUCK.get(c, c) for c in content)
        if name in _ACCENTS:
            content = self.atom()
            return content + _ACCENTS[name] if len(content) == 1 else content
        if name == "sqrt":
            return "√" + _grouped(self.atom())
        if name in {"frac", "dfrac", "tfrac"}:
            top, bottom = self.atom(), self.atom()
            return f"{_grouped(top)}/{_grouped(bottom)}"
        if name in {"binom", "dbinom", "tbinom"}:
            top, bottom = self.atom(), self.atom()
            return f"C({top}, {bottom})"
        if name == "pmod":
            return f" (mod {self.atom()})"
        return name  # a vetted command without a rendering of its own: its name, no backslash


def _grouped(text: str) -> str:
    """ "n" or "(n+1)": one character alone, more in parentheses."""
    text = text.strip()
    return text if len(text) <= 1 or (text[0] == "(" and text[-1] == ")") else f"({text})"


def _script(text: str, mark: str) -> str:
    text = text.strip()
    table = _SUPERSCRIPTS if mark == "^" else _SUBSCRIPTS
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    if mark == "^" and text in {"′", "′′", "∗", "*"}:
        return "′" * len(text) if text.startswith("′") else "*"
    return mark + _grouped(text)


def _apart(match: re.Match[str]) -> str:
    before, after = match.group(1), match.group(2)
    scripts = _SCRIPT_CHARACTERS
    wordy = (before.isalnum() or before in ")′") and after.isalnum() and after not in scripts
    return before + (" " if wordy else "") + after


@functools.lru_cache(maxsize=4096)  # titles recur in every tag of a page
def to_text(latex: str) -> str:
    """One vetted formula as plain text: ``\\{-1, 0, +1\\}`` -> ``{−1, 0, +1}``."""
    text = _APART_RUNS.sub(_apart, _Reader(latex).sequence())
    text = " ".join(text.split())
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text))


def readable(text: str) -> str:
    """One line as a reader sees it, vetted ``$...$`` math as plain text."""
    return "".join(
        s.text if isinstance(s, Text) else to_text(s.latex) if isinstance(s, Math) else ""
        for s in segments(clean_line(text))
    )


def readable_paragraphs(text: str) -> str:
    """Running text (paragraphs apart by blank lines) with its math as plain text."""
    return "\n\n".join(readable(p) for p in text.split("\n\n") if p.strip())
