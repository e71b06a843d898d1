"""The booklet's formulas checked by TeX itself, all in one document compiled once.

:func:`fomoproc.text.math_is_safe` lets through only typesetting commands, well
formed; MathJax renders such a formula (or draws its error in place), but TeX can
still reject it ("Missing { inserted" for ``x^\\sqrt{2}``), and one rejected
formula would stop the whole PDF. So every distinct formula is typeset in a box of
its own (and made a PDF bookmark's text, as a title's formulas are), between
markers, in one XeLaTeX run that goes on after errors; the log tells which formulas
failed. Verdicts are kept by the formula's digest, so an
unchanged booklet compiles nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# A title's formulas also go into the PDF's outline (its bookmarks), which hyperref makes
# plain text of; a few math commands stop it there (\cdots: "Improper alphabetic constant";
# \binom and \over in a plain hyperref setup): in the outline they are these words instead.
BOOKMARK_MATH = r"""\def\fomoprocbookmarkdots{...}
\def\fomoprocbookmarkbinom#1#2{(#1 choose #2)}
\def\fomoprocbookmarkover{/}
"""
BOOKMARK_COMMANDS = (
    r"\let\cdots\fomoprocbookmarkdots\let\over\fomoprocbookmarkover"
    r"\let\binom\fomoprocbookmarkbinom\let\dbinom\fomoprocbookmarkbinom"
    r"\let\tbinom\fomoprocbookmarkbinom"
)
#: The booklet's math (fomoproc.sphinxext.latex puts these lines in the PDF's preamble):
#: Sphinx's packages, then txfonts, the Times design of FreeSerif (both are URW's Nimbus
#: Roman), with bold math and the legacy switches ({\bf x}, {\rm d}) as Computer Modern
#: had them. amssymb, before it, still gives what txfonts lacks (Sphinx prints ✓ as
#: \checkmark).
MATH_PACKAGES = "\\usepackage{amsmath,amssymb,amstext}\n\\usepackage{txfonts}\n"
# The math of the PDF's preamble, and hyperref for the outline: a formula is checked with
# what typesets it, in the text and in a bookmark.
PREAMBLE = rf"""\documentclass{{article}}
{MATH_PACKAGES}\usepackage{{hyperref}}
{BOOKMARK_MATH}\pdfstringdefDisableCommands{{{BOOKMARK_COMMANDS}}}
\errorcontextlines=0
\begin{{document}}
"""
_MARK = "FOMOPROC-FORMULA"
_END = "FOMOPROC-END"
# A run stopped by a formula is run again from the formula after it; a bound on the runs
# keeps a broken TeX from looping: what is still unknown then counts as rejected.
_MAX_RUNS = 8
_TIMEOUT = 600  # seconds for one run; TeX loops are impossible with vetted commands


@dataclass(frozen=True, slots=True)
class Checked:
    """The verdicts: each rejected formula with TeX's first error, and how many were compiled."""

    failed: dict[str, str]
    compiled: int


def _digest(formula: str) -> str:
    return hashlib.sha256(formula.encode()).hexdigest()


def _engine() -> str:
    """The TeX engine's version line: a new TeX Live may judge a formula differently."""
    done = subprocess.run(["xelatex", "--version"], capture_output=True, text=True, check=False)
    return (done.stdout.splitlines() or [""])[0]


def check(formulas: Sequence[str], cache: Path | None = None) -> Checked:
    """Which formulas XeLaTeX rejects, with the reason; ``cache`` keeps verdicts by digest.

    Without XeLaTeX nothing can be checked, and every formula passes.
    """
    if not formulas or shutil.which("xelatex") is None:
        return Checked({}, 0)
    key = _digest(PREAMBLE + _engine())
    known: dict[str, str] = {}
    if cache is not None and cache.is_file():
        try:
            stored = json.loads(cache.read_text("utf-8"))
        except ValueError:
            stored = {}
        if isinstance(stored, dict) and stored.get("key") == key:
            known = stored.get("verdicts", {})
    digests = {formula: _digest(formula) for formula in formulas}
    unknown = sorted({f for f, d in digests.items() if d not in known})
    if unknown:
        known.update({digests[f]: verdict for f, verdict in _compile(unknown).items()})
    if cache is not None:
        verdicts = {d: known[d] for d in sorted(set(digests.values()))}
        text = json.dumps({"key": key, "verdicts": verdicts}, indent=0, sort_keys=True)
        if not cache.is_file() or cache.read_text("utf-8") != text:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(text, "utf-8")
    failed = {f: known[d] for f, d in digests.items() if known[d]}
    return Checked(dict(sorted(failed.items())), len(unknown))


def _compile(formulas: list[str]) -> dict[str, str]:
    """TeX's verdict on each formula: "" when it typesets, else its first error."""
    verdicts: dict[str, str] = {}
    todo = list(formulas)
    for _ in range(_MAX_RUNS):
        if not todo:
            break
        reached, errors, finished = _run(todo)
        for index in range(reached):
            verdicts[todo[index]] = errors.get(index, "")
        if finished:
            todo = []
        else:
            # The last formula reached stopped the run: rejected; the rest go again.
            stopper = max(reached - 1, 0)
            verdicts[todo[stopper]] = errors.get(stopper) or "stops TeX"
            todo = todo[stopper + 1 :]
    verdicts.update(dict.fromkeys(todo, "not checked: TeX stopped too often"))
    return verdicts


def _run(formulas: list[str]) -> tuple[int, dict[int, str], bool]:
    """One XeLaTeX run: how many formulas it reached, their errors, whether it finished."""
    lines = [PREAMBLE]
    for index, formula in enumerate(formulas):
        # A paragraph each: TeX gives up after 100 errors in one paragraph.
        body = " ".join(formula.split())
        lines.append(
            f"\\typeout{{{_MARK} {index}}}\\noindent\\setbox0\\hbox{{\\({body}\\)}}"
            f"\\pdfstringdef\\fomoproctmp{{\\protect\\({body}\\protect\\)}}\\par\n"
        )
    lines.append(f"\\typeout{{{_END}}}\n\\end{{document}}\n")
    with tempfile.TemporaryDirectory(prefix="fomoproc-math-") as folder:
        source = Path(folder) / "formulas.tex"
        source.write_text("".join(lines), "utf-8")
        # A run cut short by the timeout reads as one that stopped: its log says where.
        with contextlib.suppress(subprocess.TimeoutExpired):
            subprocess.run(
                ["xelatex", "-no-shell-escape", "-interaction=nonstopmode", "-no-pdf", source.name],
                cwd=folder,
                capture_output=True,
                check=False,
                timeout=_TIMEOUT,
            )
        log = source.with_suffix(".log")
        text = log.read_text("utf-8", errors="replace") if log.is_file() else ""
    reached, errors, finished = 0, dict[int, str](), False
    current = -1
    for line in text.splitlines():
        if line.startswith(_MARK + " "):
            current = int(line.split()[1])
            reached = current + 1
        elif line == _END:
            finished = True
        elif line.startswith("! ") and current >= 0:
            errors.setdefault(current, line[2:].strip().rstrip("."))
    return reached, errors, finished
