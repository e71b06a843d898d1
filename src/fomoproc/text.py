"""Plain-text rules shared by every writer: normalising strangers' text and finding its math.

Inline math between single dollars is the one markup the booklet renders. A
``$...$`` span counts as math only when it is delimited as Pandoc delimits it
(no space after the opening dollar or before the closing one, no digit right
after the closing one, so "costs $5 and $10" stays text) and when it uses only
a vetted set of math commands: the same string then goes verbatim to MathJax
and to LaTeX, so nothing that could read files, define macros or break out of
math mode may pass. Anything else is shown literally, dollars included.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

# Math commands that only typeset (letters after a backslash). Deliberately no
# \input, \def, \href or \begin.
_NO_ARGS = """
    Delta Gamma Im Lambda Leftarrow Leftrightarrow Omega Phi Pi Pr Psi Re Rightarrow Sigma
    Theta Upsilon Vert Xi aleph alpha angle approx arccos arcsin arctan arg ast beta bf bigcap
    bigcup bigoplus bigotimes bmod bot bullet cap cdot cdots chi circ cong coprod cos cosh cup
    ddots deg delta det dim div dots downarrow ell emptyset epsilon equiv eta exists exp forall
    gamma gcd ge geq gets gg hbar iff implies in inf infty int iota kappa ker lVert lambda land
    langle lceil ldots le leftarrow leftrightarrow leq lfloor lg lim liminf limsup ll ln log
    lor lvert mapsto max min mod mp mu nabla ne neg neq ni notin nu odot oint omega oplus
    otimes over partial phi pi pm prec preceq prime prod propto psi qquad quad rVert
    rangle rceil rfloor rho rightarrow rm rvert setminus sigma sim simeq sin sinh star subset
    subseteq succ succeq sum sup supset supseteq tan tanh tau theta times to top uparrow
    upsilon varepsilon varnothing varphi varpi varrho varsigma vartheta vdots vee vert wedge xi
    zeta
"""
# Commands that read arguments: LaTeX stops with an error when one is missing.
_ONE_ARG_WORDS = """
    acute bar boldsymbol breve check ddot dot grave hat mathbb mathbf mathcal mathfrak mathit
    mathrm mathsf mathtt operatorname overbrace overline pmod sqrt tilde underbrace underline
    vec widehat widetilde
"""
# Commands that take a delimiter, and the delimiters: "\left x" is an error in TeX and MathJax.
_DELIMITER_TAKERS = """
    Big Bigg Bigl Bigr big bigg bigl bigr left middle right
"""
_DELIMITER_TOKENS = r"""
    ( ) [ ] | / . < > \{ \} \| \langle \rangle \lfloor \rfloor \lceil \rceil \vert \Vert
    \lvert \rvert \lVert \rVert \uparrow \downarrow
"""
# Text in math (\textbf{JEPA}): only with an argument of plain characters, because
# text mode rejects what math mode accepts (^, _, \alpha).
_TEXT_WORDS = "text textbf textit textrm textsf texttt"
_TEXT_COMMAND = re.compile(r"\\text(?:bf|it|rm|sf|tt)?(?![A-Za-z])")
_TEXT_ARGUMENT = re.compile(r"\\text(?:bf|it|rm|sf|tt)?\{[A-Za-z0-9 ,.:;!?'()\[\]/+=*-]*\}")
_TWO_ARGS_WORDS = """
    binom dbinom dfrac frac tbinom tfrac
"""
# No-argument commands that are not one token to TeX: as a script without braces, TeX stops
# ("Missing { inserted") and MathJax shows an error.
_SCRIPT_NEEDS_BRACES_WORDS = """
    arccos arcsin arctan arg bf cos cosh deg dim dots exp ker lg ln log mod over rm sin sinh
    tan tanh
"""
_ONE_ARG = frozenset(_ONE_ARG_WORDS.split()) | frozenset(_TEXT_WORDS.split())
_TWO_ARGS = frozenset(_TWO_ARGS_WORDS.split())
_DELIMITER_WORDS = frozenset(_DELIMITER_TAKERS.split())
_DELIMITERS = frozenset(_DELIMITER_TOKENS.split())
_SCRIPT_NEEDS_BRACES = frozenset(_SCRIPT_NEEDS_BRACES_WORDS.split())
_MATH_WORDS = frozenset(_NO_ARGS.split()) | _ONE_ARG | _TWO_ARGS | _DELIMITER_WORDS
_MATH_SYMBOLS = frozenset(r"{}|,;:! %#&_$")  # \{ \} \| \, \; \: \! \  \% \# \& \_ \$
_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|\s+|.", re.DOTALL)
_MAX_MATH = 300

# Pandoc's rule: "$" opens when not followed by a space, closes when not preceded
# by a space and not followed by a digit. Escaped dollars never delimit.
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])((?:[^$\\]|\\.)+?)(?<!\s)\$(?!\d)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Text:
    """Literal text."""

    text: str


@dataclass(frozen=True, slots=True)
class Math:
    """Inline LaTeX math, vetted by :func:`math_is_safe`."""

    latex: str


Segment = Text | Math


def math_is_safe(latex: str) -> bool:
    """Whether this math can go verbatim to MathJax and LaTeX: typesetting only, well formed."""
    if not latex.strip() or len(latex) > _MAX_MATH or not latex.isascii():
        return False
    tokens = [t for t in _TOKEN.findall(latex) if not t.isspace()]
    if any(t in {"%", "#", "&", "`", "~"} or (t < " " or t == "\x7f") for t in tokens):
        return False
    if len(_TEXT_COMMAND.findall(latex)) != len(_TEXT_ARGUMENT.findall(latex)):
        return False
    return _well_formed(tokens)


def _well_formed(tokens: list[str]) -> bool:
    """Known commands, balanced groups, every argument, delimiter and script in its place."""
    parser = _Parser(tokens)
    return parser.math_list(None) and parser.peek() is None


class _Parser:
    """Math tokens read as TeX and MathJax read them, to reject what both reject."""

    # Rejected: a missing argument or delimiter, a double script ("x^{a}^{b}", "x^2'"),
    # two \over in one group, \middle outside \left ... \right, and a command with
    # arguments given as another's argument without braces ("\hat\frac{a}{b}").

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        """The next token, or None at the end."""
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str | None:
        """The next token, consumed."""
        token = self.peek()
        self.pos += 1
        return token

    def math_list(self, end: str | None) -> bool:
        """Atoms and their scripts up to ``end`` ("}", "]", "\\right"; None: the end)."""
        overs = 0
        scripts: set[str] = set()  # the scripts of the current atom
        primed = False  # right after a prime, which a superscript may follow
        while (token := self.peek()) is not None:
            if token in {"}", "\\right"} or (token == "]" and end == "]"):
                return token == end
            self.take()
            if token in {"^", "_"}:
                if token in scripts and not (token == "^" and primed):
                    return False
                scripts.add(token)
                primed = False
                if not self.argument(script=True):
                    return False
            elif token == "'":
                if "^" in scripts and not primed:
                    return False
                scripts.add("^")
                primed = True
            elif token == "\\over":
                overs += 1
                if overs > 1:
                    return False
                scripts, primed = set(), False
            elif token == "\\middle":
                if end != "\\right" or not self.delimiter():
                    return False
                scripts, primed = set(), False
            elif self.atom(token):
                scripts, primed = set(), False
            else:
                return False
        return end is None

    def delimiter(self) -> bool:
        """A delimiter after \\left, \\right, \\middle or \\big."""
        return self.take() in _DELIMITERS

    def atom(self, token: str) -> bool:
        """A character, a group or a command with everything it reads."""
        if token == "{":
            return self.math_list("}") and self.take() == "}"
        if not token.startswith("\\"):
            return True
        name = token[1:]
        if name == "left":
            return (
                self.delimiter()
                and self.math_list("\\right")
                and self.take() == "\\right"
                and self.delimiter()
            )
        if name in _DELIMITER_WORDS:  # \right and \middle end up here only when out of place
            return name not in {"right", "middle"} and self.delimiter()
        if name not in _MATH_WORDS and name not in _MATH_SYMBOLS:
            return False  # includes a lone trailing backslash
        if name == "sqrt" and self.peek() == "[":
            self.take()
            if not (self.math_list("]") and self.take() == "]"):
                return False
        takes = 2 if name in _TWO_ARGS else 1 if name in _ONE_ARG else 0
        return all(self.argument(script=False) for _ in range(takes))

    def argument(self, *, script: bool) -> bool:
        """One argument: a group, or a single token that needs no braces there."""
        token = self.take()
        if token is None or token in {"}", "^", "_", "\\right", "\\middle"}:
            return False
        if token == "{":
            return self.atom(token)
        name = token[1:] if token.startswith("\\") else ""
        if script:
            # "x^\frac12" typesets; "x^\log" (several tokens once TeX expands it) does not.
            return token != "'" and name not in _SCRIPT_NEEDS_BRACES and self.atom(token)
        if name in _DELIMITER_WORDS or name in _ONE_ARG or name in _TWO_ARGS:
            return False  # "\hat\frac{a}{b}", "\hat\big(": braces needed
        return self.atom(token)


def segments(text: str) -> list[Segment]:
    """Split text into literal runs and vetted inline math."""
    if "$" not in text:  # most text: no need to scan for math
        return [Text(text)] if text else []
    parts: list[Segment] = []
    pos = 0
    for match in _INLINE_MATH.finditer(text):
        latex = match.group(1)
        if not math_is_safe(latex):
            continue
        if match.start() > pos:
            parts.append(Text(text[pos : match.start()]))
        parts.append(Math(latex))
        pos = match.end()
    if pos < len(text):
        parts.append(Text(text[pos:]))
    return parts


def unsafe_math(text: str) -> list[str]:
    """The ``$...$`` spans that look like math but will be shown as text."""
    if "$" not in text:
        return []
    return [m.group(1) for m in _INLINE_MATH.finditer(text) if not math_is_safe(m.group(1))]


_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$", re.DOTALL)
_OPENING_DOLLAR = re.compile(r"(?<!\\)\$(?![\s\d$])")


def stray_dollars(text: str) -> bool:
    """Whether a ``$`` opens math that never closes ("$O(n" but not "costs $5")."""
    if "$" not in text:  # most text: no regular expression to run
        return False
    rest = _INLINE_MATH.sub("", _DISPLAY_MATH.sub("", text))
    return bool(_OPENING_DOLLAR.search(rest))


def unbalanced_braces(text: str) -> bool:
    """Whether ``{`` and ``}`` fail to pair up (escaped braces do not count)."""
    depth = 0
    for brace in re.findall(r"(?<!\\)[{}]", text):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return True
    return depth != 0


# Every title is keyed when the export is read (duplicates) and again when the booklet is
# assembled (slots matched by title): the second time from here.
@functools.lru_cache(maxsize=1 << 14)
def title_key(title: str) -> str:
    """A title reduced to letters and digits, for matching titles written differently."""
    return re.sub(r"[\W_]+", "", plain(title).casefold())


def plain(text: str) -> str:
    """The text as a reader sees it, math kept as its LaTeX source without dollars."""
    return "".join(s.text if isinstance(s, Text) else s.latex for s in segments(text))


# C0/C1 controls, lone surrogates (JSON can carry them; UTF-8 cannot) and the bidi
# embedding, override and isolate controls, which can reverse the text around a
# title ("Trojan Source"); the marks U+200E/U+200F stay.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
# Line and paragraph separators end a line like "\n" does; within one line they are spaces.
# (Replaced one by one: str.translate to other characters is slower on long text.)
_LINE_BREAKS = "\r\n\u2028\u2029"
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Invisible characters (zero-width, word joiner, BOM, soft hyphen): trimmed at either end
# of a line with the spaces, so a title of only these is empty.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


def clean_line(text: str) -> str:
    """One line of text: NFC, no control characters, single spaces, trimmed."""
    printable = text.isprintable()
    if not printable:
        # Most often the line breaks of a hard-wrapped paragraph, or tabs: spaces here.
        text = text.replace("\n", " ").replace("\r", " ").replace("\t", " ")
        printable = text.isprintable()
    if printable:
        # Most lines: no control, format or separator character, and " " the only space;
        # most of them already clean too (writers check the model's text again), so left
        # as they are, once in NFC (ASCII always is).
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if "  " in text or text[:1] == " " or text[-1:] == " ":
            return " ".join(text.split())
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    for char in _LINE_BREAKS:
        if char in text:
            text = text.replace(char, " ")
    text = _SPACES.sub(" ", text)
    while True:  # spaces and invisible characters, in any mix, off both ends
        trimmed = text.strip().strip(_INVISIBLE)
        if trimmed == text:
            return text
        text = trimmed


def clean_paragraphs(text: str) -> str:
    """Running text: paragraphs split on blank lines, hard line breaks inside them joined."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n")
    paragraphs = (clean_line(p) for p in re.split(r"\n[ \t]*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


# Most URLs (OpenReview's, GitHub's): http(s), a host and only characters percent-encoding
# keeps: parsing and quoting would give them back unchanged.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?:/[A-Za-z0-9._~/=&%+-]*)?(?:\?[A-Za-z0-9._~/=&%+-]+)?"
)


def safe_url(url: str) -> str:
    """The URL if it is http(s) with a host, percent-encoded for a link destination; else ""."""
    if _PLAIN_URL.fullmatch(url):
        return url
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return ""
    # MyST treats "HTTPS://..." as a cross-reference, not a link: lower-case the scheme.
    url = urlunsplit(parts._replace(scheme=parts.scheme.lower()))
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")
