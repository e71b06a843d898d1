"""How text is printed in the PDF: a chain of fonts, placeholders, and places to break.

XeLaTeX prints a character only if the font in use has a glyph for it, and it
leaves a gap (with a line in the log) where it has none. The booklet's main
fonts (FreeSerif and FreeSans, Sphinx's defaults) cover Latin, Greek, Cyrillic
and Vietnamese; xeCJK prints Chinese, Japanese and Korean in Noto CJK. Every
other character is sent to the first font of :data:`CHAIN` that has it, read
from the cmap of the very font file fontconfig resolves (``fc-list``), so what
is checked is what XeLaTeX loads. Scripts written right to left (Arabic,
Hebrew) are set in their own direction, and scripts written without spaces
(Thai, Khmer, Myanmar) break where ICU finds words.

What no font of the chain composes is printed as well as it can be, and
reported: a private-use or unknown character becomes :data:`PLACEHOLDER`; a
flag, an emoji with a skin tone or an emoji joined to another (ZWJ) keeps its
base glyphs. Variation selectors only choose between presentations the PDF does
not have, and are dropped. :meth:`FontChain.plan` decides all of this for one
piece of text; the Sphinx extension prints what it says, and the warnings of
:func:`problems` come from the same plan.

Words longer than a line (web addresses, hashes) get places where the line may
break, so that they never run off the page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from fomoproc.mathcheck import BOOKMARK_COMMANDS, BOOKMARK_MATH
from fomoproc.model import Booklet, Paper, Problem, Severity
from fomoproc.text import Math, clean_line, segments

#: What the PDF prints for a character that no font of the chain has (every main face has it).
PLACEHOLDER = "\ufffd"

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Font:
    """One font of the chain, by fontconfig family name, and how it is used."""

    key: str  # letters only: the LaTeX command is \fomoproc<key>
    family: str
    ranges: tuple[Range, ...] = ()  # the characters it is first choice for; () for any it has
    bold: bool = False  # load the family's Bold face for bold text (its cmap counts too)
    rtl: bool = False  # written right to left: set between \beginR and \endR
    script: str = ""  # fontspec's Script= for OpenType shaping
    locale: str = ""  # ICU line-break locale, for scripts written without spaces


_ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_HEBREW = ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))
_DEVANAGARI = ((0x0900, 0x097F), (0x1CD0, 0x1CFF), (0xA8E0, 0xA8FF))
_MYANMAR = ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))

#: The fonts for scripts FreeSerif has no (or no shaped) glyphs for, first choice in their
#: ranges, before the main fonts; math letters in TeX Gyre Termes Math, as the booklet's
#: formulas (fomoproc.sphinxext.latex).
SCRIPT_FONTS = (
    Font("Arabic", "Noto Naskh Arabic", _ARABIC, bold=True, rtl=True, script="Arabic"),
    Font("Hebrew", "Noto Serif Hebrew", _HEBREW, bold=True, rtl=True, script="Hebrew"),
    Font("Devanagari", "Noto Serif Devanagari", _DEVANAGARI, bold=True, script="Devanagari"),
    Font("Thai", "Noto Serif Thai", ((0x0E00, 0x0E7F),), bold=True, script="Thai", locale="th"),
    Font(
        "Khmer",
        "Noto Serif Khmer",
        ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
        bold=True,
        script="Khmer",
        locale="km",
    ),
    Font("Myanmar", "Noto Serif Myanmar", _MYANMAR, bold=True, script="Myanmar", locale="my"),
    Font("MathLetters", "TeX Gyre Termes Math", ((0x1D400, 0x1D7FF),)),
)
#: After the main fonts, the first of these that has a character prints it.
FALLBACK_FONTS = (
    Font("FreeSerif", "FreeSerif"),  # its regular face has far more than the bold and sans ones
    Font("NotoSerif", "Noto Serif", bold=True),
    Font("NotoMath", "Noto Sans Math"),
    Font("Symbola", "Symbola"),
    Font("SymbolsTwo", "Noto Sans Symbols2"),
    Font("DejaVu", "DejaVu Sans", bold=True),
)
CHAIN = SCRIPT_FONTS + FALLBACK_FONTS
#: The files of Sphinx's XeLaTeX fonts (latex_elements' default fontpkg): body text is in the
#: serif faces, headings in the sans ones, so the main fonts cover what all of them have.
MAIN_FILES = tuple(
    f"Free{family}{face}.otf"
    for family, faces in (
        ("Serif", ("", "Bold", "Italic", "BoldItalic")),
        ("Sans", ("", "Bold", "Oblique", "BoldOblique")),
    )
    for face in faces
)
#: The families xeCJK prints Chinese, Japanese and Korean in (the booklet's preamble).
CJK_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")

# The characters xeCJK prints in the CJK font (its classes CJK, FullLeft, FullRight, CM and
# HangulJamo, less the punctuation the booklet declares Western), as XeTeX reports them
# (tests/test_pdf_text.py compares this table with xeCJK's own).
XECJK_RANGES: tuple[Range, ...] = (
    (0x02EA, 0x02EB), (0x1100, 0x11FF), (0x2027, 0x2027), (0x2E3A, 0x2E3A), (0x2E80, 0x2FDF),
    (0x2FF0, 0xA4CF), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFE00, 0xFE1F),
    (0xFE30, 0xFE50), (0xFE52, 0xFE52), (0xFE54, 0xFE57), (0xFE59, 0xFE5E), (0xFE69, 0xFE6A),
    (0xFF00, 0xFFEF), (0x16FE0, 0x18D7F), (0x1AFF0, 0x1B2FF), (0x1F200, 0x1F2FF),
    (0x20000, 0x2A6DF), (0x2A700, 0x2EBEF), (0x2F800, 0x2FA1F), (0x30000, 0x3134F),
)  # fmt: skip

# Words at least this long (in characters; a line holds about 90) get break opportunities:
# after each separator of a web address and after every _CHUNK characters, so that TeX can
# fill the line a long word starts on (breaks far apart leave a gap to fill with one space).
# Shorter words TeX fits on a line of their own. A break point splits the text TeX shapes,
# so letters of a shaped script (joined, conjuncts) get one only every _SHAPED_CHUNK.
LONG_WORD = 30
_CHUNK = 3
_SHAPED_CHUNK = 30
_SEPARATORS = frozenset("/.-_?&=#:;,@+~|\\)]}")
_ZWJ, _ZWNJ, _ZWSP = "\u200d", "\u200c", "\u200b"
# Between two runs of one right-to-left font these join the run, so that the words of a
# phrase come in their order: spaces, digits and punctuation that has no mirror image.
_RTL_NEUTRAL = frozenset(" 0123456789.,:;!?-")


_JOINERS = re.compile(f"[{_ZWJ}{_ZWNJ}]")
# LaTeX's special characters, kept apart when LaTeX text gets its fonts.
_MARKUP = re.compile(r"""([\\{}#$%&_~^])""")
# Marks where a piece of text may break, inside the plan only.
_CANDIDATE, _BREAK = "\x00", ""


def _is_selector(char: str) -> bool:
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _is_modifier(char: str) -> bool:
    """Skin tones, and the tags of subdivision flags: both change the emoji before them."""
    code = ord(char)
    return 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F


def _is_flag_letter(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _is_emoji(char: str) -> bool:
    return unicodedata.category(char) in {"So", "Sk"} or _is_flag_letter(char)


def _in(code: int, ranges: Iterable[Range]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def _clusters(text: str) -> Iterator[str]:
    """The text in clusters: a character with its marks, selectors, modifiers and joins."""
    i, end = 0, len(text)
    while i < end:
        j = i + 1
        if _is_flag_letter(text[i]) and j < end and _is_flag_letter(text[j]):
            j += 1
        while j < end:
            char = text[j]
            if unicodedata.category(char)[0] == "M" or _is_selector(char) or _is_modifier(char):
                j += 1
            elif char in (_ZWJ, _ZWNJ) and j + 1 < end and not text[j + 1].isspace():
                j += 2
            else:
                break
        yield text[i:j]
        i = j


@dataclass(frozen=True, slots=True)
class Face:
    """One font file (and face in a collection), as fontconfig lists it."""

    file: str
    index: int


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one font ("" for the main fonts and xeCJK); a line may break between parts."""

    font: str
    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Loss:
    """Something the PDF cannot print as written, and what it prints instead."""

    kind: str  # "glyph", "sequence" or "mark"
    source: str
    shown: str


@dataclass(frozen=True, slots=True)
class Printed:
    """How a piece of text is printed: its runs, and what is lost on the way."""

    runs: tuple[Run, ...]
    losses: tuple[Loss, ...]


class FontsMissing(Exception):
    """Fonts of the chain are not installed."""


def _fc_list(*fields: str) -> list[list[str]]:
    """Every font fontconfig knows, one row of the fields asked for each, sorted by file."""
    if shutil.which("fc-list") is None:
        return []
    done = subprocess.run(
        ["fc-list", "-f", "\t".join(f"%{{{name}}}" for name in fields) + "\n"],
        capture_output=True,
        text=True,
        check=False,
    )
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    return sorted(row for row in rows if len(row) == len(fields))


def _face(row: Sequence[str]) -> Face:
    return Face(row[0], int(row[1]) if row[1].isdigit() else 0)


def _pick(rows: Sequence[list[str]], family: str, *, bold: bool) -> list[str] | None:
    """The row of a family's regular (or bold) face: the first by file name."""
    wanted = {"Bold"} if bold else {"Regular", "Book"}
    for row in rows:
        if family in row[2].split(",") and row[3].split(",")[0] in wanted:
            return row
    return None


def find_faces(rows: Sequence[list[str]] | None = None) -> dict[str, tuple[Face, ...]]:
    """The files of the PDF's fonts, by chain key, "main" and "cjk" (regular face first).

    A font that is not installed is left out (:func:`missing_fonts` names it).
    """
    rows = _fc_list("file", "index", "family", "style") if rows is None else rows
    faces: dict[str, tuple[Face, ...]] = {}
    by_name: dict[str, list[str]] = {}
    for row in rows:
        by_name.setdefault(Path(row[0]).name, row)
    if all(name in by_name for name in MAIN_FILES):
        faces["main"] = tuple(_face(by_name[name]) for name in MAIN_FILES)
    cjk = [_pick(rows, family, bold=False) for family in CJK_FAMILIES]
    if all(row is not None for row in cjk):
        faces["cjk"] = tuple(_face(row) for row in cjk if row is not None)
    for font in CHAIN:
        regular = _pick(rows, font.family, bold=False)
        if regular is not None:
            bold = _pick(rows, font.family, bold=True) if font.bold else None
            faces[font.key] = (_face(regular),) + ((_face(bold),) if bold is not None else ())
    return faces


def missing_fonts(faces: dict[str, tuple[Face, ...]] | None = None) -> list[str]:
    """The fonts of the PDF that fontconfig cannot find, by family (or file) name."""
    faces = find_faces() if faces is None else faces
    lacking = [] if "main" in faces else [", ".join(MAIN_FILES)]
    lacking += [] if "cjk" in faces else list(CJK_FAMILIES)
    return lacking + [font.family for font in CHAIN if font.key not in faces]


def _charset(text: str) -> set[int]:
    """fontconfig's charset ("20-7e a0 ...", hexadecimal) as code points."""
    codes: set[int] = set()
    for part in text.split():
        low, _, high = part.partition("-")
        codes.update(range(int(low, 16), int(high or low, 16) + 1))
    return codes


def _pattern(codes: Iterable[int]) -> str:
    """The body of a regular-expression class that matches exactly these code points."""
    spans: list[list[int]] = []
    for code in sorted(codes):
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(
        f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}" for low, high in spans
    )


def _expand(ranges: Iterable[Range]) -> set[int]:
    return {code for low, high in ranges for code in range(low, high + 1)}


class FontChain:
    """The fonts the PDF prints with and what each covers; plans how text is printed."""

    def __init__(self, coverage: dict[str, frozenset[int]]) -> None:
        """``coverage``: the code points of "main", "cjk" and of each chain font, by key."""
        self.coverage = coverage
        self.fonts = tuple(font for font in CHAIN if font.key in coverage)
        self._shaped = frozenset(font.key for font in self.fonts if font.script)
        self._main = coverage.get("main", frozenset(range(0x20, 0x7F)))
        self._cjk = coverage.get("cjk", frozenset())
        self._plans: dict[tuple[str, bool], Printed] = {}
        cjk_class = _expand(XECJK_RANGES)
        ascii_text = {*range(0x20, 0x7F), *map(ord, "\t\n\r")}  # control characters are dropped
        plain = ascii_text | (self._main - _expand(r for f in SCRIPT_FONTS for r in f.ranges))
        plain = (plain - cjk_class) | {c for c in self._cjk & cjk_class if not _is_selector(chr(c))}
        # Text with none of the other characters and no long word prints as it is: most text.
        self._special = re.compile(f"[^{_pattern(plain)}]")
        self._long_word = re.compile(rf"\S{{{LONG_WORD},}}")

    @classmethod
    def load(cls) -> FontChain:
        """The chain of the fonts installed here, each as its cmap says (fontconfig's charset)."""
        rows = _fc_list("file", "index", "family", "style", "charset")
        faces = find_faces(rows)
        if lacking := missing_fonts(faces):
            raise FontsMissing(", ".join(lacking))
        charsets = {_face(row): row[4] for row in rows}
        return cls(
            {
                key: frozenset(set.intersection(*(_charset(charsets[face]) for face in group)))
                for key, group in faces.items()
            }
        )

    @staticmethod
    def is_cjk(char: str) -> bool:
        """Whether xeCJK prints this character (in the CJK font)."""
        return _in(ord(char), XECJK_RANGES)

    def _candidates(self, base: str) -> list[tuple[str, frozenset[int]]]:
        """The fonts that may print a cluster, first choice first ("" the main fonts)."""
        if self.is_cjk(base):
            return [("", self._cjk)]
        code = ord(base)
        first = [(f.key, self.coverage[f.key]) for f in self.fonts if _in(code, f.ranges)]
        rest = [(f.key, self.coverage[f.key]) for f in self.fonts if not f.ranges]
        return [*first, ("", self._main), *rest]

    def _font_of(self, cluster: str) -> tuple[str, str, Loss | None]:
        """The font of a cluster without joiners, what it prints, and what is lost."""
        base = cluster[0]
        category = unicodedata.category(base)
        if category in {"Co", "Cs"}:  # a private-use glyph means something else in each font
            return "", PLACEHOLDER, Loss("glyph", cluster, PLACEHOLDER)
        candidates = self._candidates(base)
        codes = {ord(char) for char in cluster}
        for key, covered in candidates:
            if codes <= covered:
                return key, cluster, None
        for key, covered in candidates:
            if ord(base) in covered:
                shown = "".join(char for char in cluster if ord(char) in covered)
                return key, shown, Loss("mark", cluster, shown)
        if category == "Zs":
            return "", " ", None
        return "", PLACEHOLDER, Loss("glyph", cluster, PLACEHOLDER)

    def _covers(self, font: str, base: str) -> frozenset[int]:
        if font:
            return self.coverage[font]
        return self._cjk if self.is_cjk(base) else self._main

    def _print_cluster(self, cluster: str) -> tuple[list[tuple[str, str]], list[Loss]]:
        """The (font, text) pieces one cluster prints as, and what is lost."""
        if len(cluster) == 1 and (" " <= cluster < "\x7f" or cluster in "\t\n\r"):
            return [("", cluster)], []
        source = cluster
        if any(_is_selector(char) for char in cluster):
            cluster = "".join(char for char in cluster if not _is_selector(char))
        if not cluster or unicodedata.category(cluster[0]) in {"Cf", "Cc"}:
            return [], []  # format and control characters have no glyph to lose
        sequence = False
        if any(_is_modifier(char) for char in cluster[1:]):
            cluster = cluster[0] + "".join(char for char in cluster[1:] if not _is_modifier(char))
            sequence = True
        parts = [part for part in _JOINERS.split(cluster) if part]
        if len(parts) > 1 and not any(_is_emoji(part[0]) for part in parts):
            font, shown, loss = self._font_of("".join(parts))
            if loss is None:
                # Joiners choose the forms of a script's letters: kept where the font has them.
                covered = self._covers(font, cluster[0])
                kept = all(ord(char) in covered for char in _JOINERS.findall(cluster))
                return [(font, cluster if kept else shown)], []
        elif len(parts) > 1:
            sequence = True
        elif len(cluster) == 2 and all(_is_flag_letter(char) for char in cluster):
            parts, sequence = list(cluster), True
        printed = [self._font_of(part) for part in parts]
        losses = [loss for _, _, loss in printed if loss is not None]
        if sequence:
            losses.insert(0, Loss("sequence", source, "".join(text for _, text, _ in printed)))
        return [(font, text) for font, text, _ in printed], losses

    def plan(self, text: str, *, breaks: bool = True) -> Printed | None:
        """How the PDF prints this text; None when it prints as it is (most text)."""
        if self._special.search(text) is None and not (breaks and self._long_word.search(text)):
            return None
        known = self._plans.get((text, breaks))
        if known is not None:
            return known
        pieces: list[tuple[str, str]] = []  # (font, text), or a break or a candidate for one
        losses: list[Loss] = []
        since = 0  # characters of a word since its start or its last candidate break
        for cluster in _clusters(text):
            if cluster == _ZWSP:  # an invisible space: where the author allows a break
                pieces.append(("", _BREAK))
                since = 0
                continue
            printed, lost = self._print_cluster(cluster)
            pieces.extend(printed)
            losses.extend(lost)
            if not breaks or not printed:
                continue
            if cluster.isspace() or self.is_cjk(cluster[0]):  # xeCJK breaks between CJK
                since = 0
                continue
            since += 1
            shaped = printed[-1][0] in self._shaped
            if since >= (_SHAPED_CHUNK if shaped else _CHUNK) or (
                not shaped and cluster[-1] in _SEPARATORS
            ):
                pieces.append(("", _CANDIDATE))
                since = 0
        result = Printed(_runs(_long_words(pieces), self.fonts, self.coverage), tuple(losses))
        self._plans[(text, breaks)] = result
        return result

    def latex(self, text: str, *, breaks: bool = False) -> str:
        """LaTeX whose non-ASCII characters are literal, with the chain's fonts switched in
        (and, with ``breaks``, places where a long word may break).

        The characters of LaTeX's markup stay where they are, outside any font command: a
        mark after ``\\#`` must not take the ``#`` into a run of its own.
        """
        out = []
        for piece in _MARKUP.split(text):
            quick = piece.isascii() and not (breaks and self._long_word.search(piece))
            printed = None if quick else self.plan(piece, breaks=breaks)
            if printed is None:
                out.append(piece)
                continue
            for run in printed.runs:
                body = r"\fomoprocBreak{}".join(run.parts)
                out.append(rf"\fomoproc{run.font}{{{body}}}" if run.font else body)
        return "".join(out)


def _long_words(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Candidate breaks made breaks in words of at least LONG_WORD characters, dropped in
    shorter ones (and at a word's end)."""
    out: list[tuple[str, str]] = []
    word: list[tuple[str, str]] = []

    def end_word() -> None:
        while word and word[-1][1] == _CANDIDATE:
            word.pop()
        long = sum(len(text) for _, text in word if text != _CANDIDATE) >= LONG_WORD
        for font, text in word:
            if text != _CANDIDATE:
                out.append((font, text))
            elif long:
                out.append(("", _BREAK))
        word.clear()

    for font, text in pieces:
        if text == _BREAK or text.isspace():
            end_word()
            out.append((font, text))
        else:
            word.append((font, text))
    end_word()
    return out


def _runs(
    pieces: list[tuple[str, str]], fonts: Sequence[Font], coverage: dict[str, frozenset[int]]
) -> tuple[Run, ...]:
    """Pieces joined into runs of one font: two runs of a font with only spaces between
    them are one, and for a right-to-left font digits and some punctuation join too (its
    phrase is then set as a whole, its words in their order), if the font has them."""
    runs: list[tuple[str, list[str]]] = []
    for font, text in pieces:
        if text == _BREAK:
            if runs:
                runs[-1][1].append("")
        elif runs and runs[-1][0] == font:
            runs[-1][1][-1] += text
        else:
            runs.append((font, [text]))
    rtl = {font.key for font in fonts if font.rtl}
    joined: list[tuple[str, list[str]]] = []
    for font, parts in runs:
        between = "".join(joined[-1][1]) if len(joined) >= 2 and not joined[-1][0] else ""
        neutral = _RTL_NEUTRAL if font in rtl else {" "}
        if (
            font
            and between
            and joined[-2][0] == font
            and set(between) <= neutral
            and all(ord(char) in coverage[font] for char in between)
        ):
            for extra in (joined.pop()[1], parts):
                joined[-1][1][-1] += extra[0]
                joined[-1][1].extend(extra[1:])
        else:
            joined.append((font, list(parts)))
    return tuple(Run(font, tuple(parts)) for font, parts in joined)


# Characters a font's path may hold to be written into the preamble as it is.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._+-]+")
# A break opportunity costs a little, so that a line breaks inside a long word only where it
# must, and never takes a hyphen.
BREAK_PENALTY = 100


def _fontspec(font: Font, faces: tuple[Face, ...]) -> str:
    """The \\newfontfamily of a chain font, loaded from the very files its cmap came from."""
    regular, bold = faces[0], faces[-1]
    if Path(bold.file).parent != Path(regular.file).parent:
        bold = regular  # one Path for both: the regular face prints bold text too
    folder = str(Path(regular.file).parent) + "/"
    names = [Path(face.file).name for face in (regular, bold)]
    if not (_PLAIN_PATH.fullmatch(folder) and all(_PLAIN_PATH.fullmatch(n) for n in names)):
        return rf"\newfontfamily\fomoprocfont{font.key}{{{font.family}}}"  # fontconfig finds it
    options = [f"Path={folder}", f"BoldFont={names[1]}", f"ItalicFont={names[0]}"]
    options.append(f"BoldItalicFont={names[1]}")
    if regular.index:
        options.append(f"FontIndex={regular.index}")
    if font.script:
        options.append(f"Script={font.script}")
    return rf"\newfontfamily\fomoprocfont{font.key}{{{names[0]}}}[{', '.join(options)}]"


def latex_preamble(faces: dict[str, tuple[Face, ...]]) -> str:
    """The preamble lines of the chain: one font family and one command per font found."""
    lines = [
        "% fomoproc: characters the main fonts lack, each in the first font of the chain that",
        "% has it (fomoproc.pdftext); right-to-left scripts in their own direction (TeX--XeT).",
        r"\TeXXeTstate=1",
        # Web addresses in footnotes break at any character rather than run off the page.
        r"\usepackage{xurl}",
    ]
    for font in CHAIN:
        if font.key not in faces:
            continue
        lines.append(_fontspec(font, faces[font.key]))
        switch = rf"\fomoprocfont{font.key}"
        if font.locale:  # ICU finds the words of scripts written without spaces
            switch += rf'\XeTeXlinebreaklocale "{font.locale}"\XeTeXlinebreakskip=0pt\relax '

        body = r"\beginR#1\endR" if font.rtl else "#1"
        lines.append(rf"\DeclareRobustCommand\fomoproc{font.key}[1]{{{{{switch}{body}}}}}")
    lines.append(rf"\DeclareRobustCommand\fomoprocBreak{{\penalty{BREAK_PENALTY}\relax}}")
    plain = "".join(rf"\let\fomoproc{font.key}\@firstofone" for font in CHAIN)
    plain += rf"\let\fomoprocBreak\@empty{BOOKMARK_COMMANDS}"
    lines += [
        r"\makeatletter",
        # PDF bookmarks are plain text: the commands give their text, or nothing, and the
        # math commands hyperref stops at give words (fomoproc.mathcheck checks the rest).
        BOOKMARK_MATH.strip(),
        rf"\AtBeginDocument{{\pdfstringdefDisableCommands{{{plain}}}}}",
        r"\makeatother",
    ]
    return "\n".join(lines) + "\n"


def printed_fields(paper: Paper) -> list[tuple[str, str]]:
    """A paper's text the PDF prints, by field name, one paragraph at a time, as the pages
    write it (one clean line each)."""
    fields = [("title", paper.title)]
    for index, author in enumerate(paper.authors):
        fields.append((f"authors[{index}]", author.name))
        fields.append((f"authors[{index}].affiliation", author.affiliation))
    fields.append(("TLDR", paper.tldr))
    fields += [("abstract", part) for part in paper.abstract.split("\n\n")]
    fields += [("keywords", keyword) for keyword in paper.keywords]
    return [(name, clean_line(text)) for name, text in fields if text.strip()]


def formulas(booklet: Booklet) -> list[str]:
    """Every distinct formula the booklet's papers print, sorted."""
    found = {
        segment.latex
        for paper in booklet.papers
        for _, text in printed_fields(paper)
        for segment in segments(text)
        if isinstance(segment, Math)
    }
    return sorted(found)


def _codes(text: str) -> str:
    return " ".join(f"U+{ord(char):04X}" for char in text)


def _listed(items: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def problems(
    booklet: Booklet, source: str, chain: FontChain, failed: dict[str, str]
) -> list[Problem]:
    """What the PDF prints differently from the page, by paper and field (a warning each).

    ``failed`` maps each formula TeX rejects to its error.
    """
    found: list[Problem] = []
    for paper in booklet.papers:
        # field -> kind -> distinct descriptions, in the order they appear
        seen: dict[str, dict[str, dict[str, None]]] = {}
        for field, text in printed_fields(paper):
            kinds = seen.setdefault(field, {})
            for segment in segments(text):
                if isinstance(segment, Math):
                    if segment.latex in failed:
                        error = failed[segment.latex]
                        kinds.setdefault("math", {})[f"${segment.latex}$ ({error})"] = None
                    continue
                printed = chain.plan(segment.text, breaks=False)
                for loss in printed.losses if printed else ():
                    if loss.kind == "glyph":
                        name = unicodedata.name(loss.source[0], "")
                        what = f"{_codes(loss.source)}" + (f" {name}" if name else "")
                    else:
                        what = f"{loss.source} ({_codes(loss.source)}) as {loss.shown}"
                    kinds.setdefault(loss.kind, {})[what] = None
        for field, kinds in seen.items():
            for kind, items in kinds.items():
                found.append(
                    Problem(
                        file=source,
                        paper=paper.label,
                        field=field,
                        severity=Severity.WARNING,
                        message=_MESSAGES[kind].format(_listed(list(items))),
                    )
                )
    return found


_MESSAGES = {
    "glyph": f"the PDF prints {PLACEHOLDER} for {{}}: no font of the PDF has it",
    "sequence": "the PDF prints {}: its fonts draw emoji one by one (no flags, skin tones "
    "or joined emoji)",
    "mark": "the PDF prints {}: no font of the PDF puts these marks on that letter",
    "math": "the PDF prints the formula {} as its source: TeX rejects it (the web page renders it)",
}

#: The file in the LaTeX build's output folder that lists :func:`problems` for ``fomoproc build``.
REPORT = "fomoproc-pdf-problems.json"


def write_report(folder: Path, found: Sequence[Problem]) -> None:
    """Keep what the PDF prints differently, for the command line to show."""
    rows = [
        {"file": p.file, "paper": p.paper, "field": p.field, "message": p.message} for p in found
    ]
    (folder / REPORT).write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")


def read_report(folder: Path) -> list[Problem]:
    """The problems :func:`write_report` kept, or none."""
    path = folder / REPORT
    if not path.is_file():
        return []
    return [
        Problem(severity=Severity.WARNING, **row) for row in json.loads(path.read_text("utf-8"))
    ]
