"""TeX Live for the PDF: find what is missing, install it with apt-get where allowed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from fomoproc.pdftext import missing_fonts

# Debian/Ubuntu packages of the XeLaTeX route, the fonts of fomoproc.pdftext's chain included:
# the one list the build installs, the CI installs and the messages name.
TEX_PACKAGES = (
    "texlive-latex-recommended",
    "texlive-latex-extra",
    "texlive-fonts-recommended",
    "texlive-xetex",
    "texlive-lang-chinese",
    "latexmk",
    "tex-gyre",
    "fonts-freefont-otf",  # FreeSerif, FreeSans: the main fonts
    "fonts-noto-cjk",  # Chinese, Japanese, Korean (xeCJK)
    "fonts-noto-core",  # Arabic, Hebrew, Devanagari, Thai, Khmer, Myanmar, symbols, math
    "fonts-texgyre-math",  # TeX Gyre Termes Math: formulas, and math letters typed as text
    "fonts-symbola",  # emoji
    "fonts-dejavu-core",  # the last fallback
)


#: latexmk's setting (Perl) for the one line of the .aux that is no reason to run TeX again.
LATEXMK_IGNORE = r"$hash_calc_ignore_pattern{'aux'} = '^\\\\gdef \\\\.abspage.last';"


#: What the tests need besides the PDF's packages, by what is looked for (a command, or a
#: LaTeX file kpsewhich finds) and the Debian package that gives it: pdftotext and pdfinfo
#: read the PDF, biber and biblatex cite the BibTeX, Chromium runs the browser tests.
TEST_TOOLS = {
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "biber": "biber",
    "biblatex.sty": "texlive-bibtex-extra",
    "chromium": "chromium",
}
TEST_PACKAGES = tuple(sorted(set(TEST_TOOLS.values())))


class TexMissing(Exception):
    """TeX Live is incomplete and cannot be installed from here."""


def missing() -> list[str]:
    """What the PDF build lacks: commands, LaTeX packages and fonts, by name."""
    lacking = [
        tool
        for tool in ("latexmk", "xelatex", "kpsewhich", "fc-list")
        if shutil.which(tool) is None
    ]
    if shutil.which("kpsewhich"):
        for sty in (
            "xeCJK.sty",
            "fncychap.sty",
            "tabulary.sty",
            "capt-of.sty",
            "needspace.sty",
            "xurl.sty",
        ):
            found = subprocess.run(["kpsewhich", sty], capture_output=True, text=True, check=False)
            if not found.stdout.strip():
                lacking.append(sty)
    if shutil.which("fc-list"):
        lacking += missing_fonts()
    return lacking


def _installer() -> list[str] | None:
    """The command prefix that may run apt-get, or None."""
    if shutil.which("apt-get") is None:
        return None
    if os.geteuid() == 0:
        return []
    if (
        shutil.which("sudo")
        and subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0
    ):
        return ["sudo", "-n"]
    return None


def ensure(say: Callable[[str], None]) -> None:
    """Make TeX Live ready for the PDF, installing Debian packages if allowed, or raise."""
    install(missing, TEX_PACKAGES, say, need="TeX Live for the PDF", instead="build with --no-pdf")


def missing_for_tests() -> list[str]:
    """What the tests lack, the PDF's needs included: commands, LaTeX files and fonts."""
    lacking = [tool for tool in TEST_TOOLS if not tool.endswith(".sty") and not shutil.which(tool)]
    if shutil.which("kpsewhich"):
        for sty in (tool for tool in TEST_TOOLS if tool.endswith(".sty")):
            found = subprocess.run(["kpsewhich", sty], capture_output=True, text=True, check=False)
            if not found.stdout.strip():
                lacking.append(sty)
    return missing() + lacking


def install(
    check: Callable[[], list[str]],
    packages: Sequence[str],
    say: Callable[[str], None],
    *,
    need: str,
    instead: str,
) -> None:
    """Install ``packages`` with apt-get where allowed if ``check`` finds anything lacking,
    or raise one line naming them; ``need`` says what for, ``instead`` the way around."""
    lacking = check()
    if not lacking:
        return
    command = f"sudo apt-get install {' '.join(packages)}"
    prefix = _installer()
    if prefix is None:
        raise TexMissing(f"{need} is missing ({', '.join(lacking)}): run `{command}`, or {instead}")
    say(f"installing {need} ({', '.join(lacking)} missing): apt-get install {' '.join(packages)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
    ):
        done = subprocess.run(
            [*prefix, *step], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise TexMissing(f"`{' '.join(step)}` failed ({last[0]}): run `{command}`")
    if still := check():
        raise TexMissing(f"still missing after apt-get: {', '.join(still)}: run `{command}`")


def compile_pdf(latex_dir: Path, tex_name: str) -> Path:
    """Run latexmk with XeLaTeX, no shell escape; fail on LaTeX errors.

    ``-pdfxe``: every run writes XeTeX's own output, and xdvipdfmx makes the PDF once, at
    the end, not after each run. The total of pages LaTeX keeps in the ``.aux``
    (``\\@abspage@last``, which nothing of the booklet prints) changes when the indexes,
    last, fill in their pages: latexmk would run TeX a third time for it alone.
    """
    env = {
        **os.environ,
        "LATEXOPTS": "-no-shell-escape -interaction=nonstopmode -halt-on-error -file-line-error",
    }
    done = subprocess.run(
        ["latexmk", "-pdfxe", "-dvi-", "-ps-", "-f-", "-e", LATEXMK_IGNORE, tex_name],
        cwd=latex_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    log = latex_dir / Path(tex_name).with_suffix(".log")
    if done.returncode != 0:
        log_text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
        errors = [line for line in log_text.splitlines() if line.startswith(("!", "./"))]
        raise TexMissing(f"LaTeX failed: {(errors or ['see ' + str(log)])[0]} (log: {log})")
    return latex_dir / Path(tex_name).with_suffix(".pdf")


# TeX logs "[12" when it ships out page 12 (as numbered: the front matter counts apart).
_PAGE = re.compile(r"\[(\d+)\b")


def lost_glyphs(latex_dir: Path, tex_name: str) -> list[str]:
    """The characters XeLaTeX found no glyph for, with the (numbered) page each was near.

    The font chain (fomoproc.pdftext) makes these impossible for the text of the
    booklet: one here is a character the chain does not know about, a bug to report,
    and the PDF is kept all the same.
    """
    log = latex_dir / Path(tex_name).with_suffix(".log")
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    found: dict[str, list[int]] = {}
    shipped = 0  # the last page shipped out: a character set now is on a later one
    for line in text.splitlines():
        if "Missing character: There is no " in line:
            what = line.split("There is no ", 1)[1].rstrip("!").strip()
            pages = found.setdefault(what, [])
            if shipped + 1 not in pages:
                pages.append(shipped + 1)
        else:
            for number in _PAGE.findall(line):
                shipped = int(number)
    return [
        f"no glyph for {what} (near page {', '.join(map(str, pages))})"
        for what, pages in found.items()
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m fomoproc.tex [--tests]``: install what the PDF (or the tests) need.

    Exit status 0 when everything is there (or was installed), 2 with one line naming the
    Debian packages otherwise. ``nox -s tests`` runs it with ``--tests`` before the tests.
    """
    try:
        if "--tests" in (sys.argv[1:] if argv is None else argv):
            install(
                missing_for_tests,
                (*TEX_PACKAGES, *TEST_PACKAGES),
                _say,
                need="what the tests use (TeX Live, poppler, biber, Chromium)",
                instead="leave those tests out: -m 'not pdf and not browser'",
            )
        else:
            ensure(_say)
    except TexMissing as err:
        sys.stderr.write(f"fomoproc: error: {err}\n")
        return 2
    return 0


def _say(message: str) -> None:
    sys.stdout.write(f"fomoproc: {message}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
