"""The ``fomoproc`` command: thin argument parsing around the pipeline and Sphinx."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from fomoproc import __version__
from fomoproc.booklet import assemble
from fomoproc.errors import InputError
from fomoproc.pipeline import describe, read_inputs
from fomoproc.tex import TexMissing, compile_pdf, ensure

PDF_NAME = "booklet.pdf"


def _say(message: str) -> None:
    sys.stdout.write(f"fomoproc: {message}\n")
    sys.stdout.flush()


def _fail(message: str, status: int = 2) -> int:
    sys.stderr.write(f"fomoproc: error: {message}\n")
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fomoproc", description=__doc__)
    parser.add_argument("--version", action="version", version=f"fomoproc {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="generate the pages and build the HTML site and PDF")
    build.add_argument(
        "--export",
        type=Path,
        default=Path("papers/export.json"),
        help="OpenReview export (default: papers/export.json)",
    )
    build.add_argument(
        "--program",
        type=Path,
        default=Path("papers/program.toml"),
        help="program file (default: papers/program.toml)",
    )
    build.add_argument(
        "--docs", type=Path, default=Path("docs"), help="the Sphinx project (default: docs)"
    )
    build.add_argument(
        "--out",
        type=Path,
        default=Path("build"),
        help="where the site and the PDF go (default: build)",
    )
    build.add_argument("--no-pdf", action="store_true", help="build the HTML site only")
    build.add_argument(
        "-j",
        "--jobs",
        default="auto",
        help="processes Sphinx may use: a number or 'auto', one per core (default: auto)",
    )
    return parser


def _sphinx(builder: str, docs: Path, out: Path, export: Path, program: Path, *, jobs: str) -> int:
    from sphinx.cmd.build import build_main  # noqa: PLC0415 - Sphinx loads slowly; only here

    return build_main(
        [
            "-b",
            builder,
            "-W",
            "--keep-going",
            "-q",
            "-j",
            jobs,
            "-D",
            f"fomoproc_export={export.resolve()}",
            "-D",
            f"fomoproc_program={program.resolve()}",
            str(docs),
            str(out),
        ]
    )


def build(args: argparse.Namespace) -> int:
    """Check the inputs, then build HTML and (unless --no-pdf) the PDF."""
    try:
        program, export = read_inputs(args.export, args.program)
    except InputError as err:
        return _fail(str(err))
    if not (args.docs / "conf.py").is_file():
        return _fail(f"{args.docs}: no conf.py: --docs must be the booklet's Sphinx project")
    for _, line in describe(export, assemble(export, program)):
        _say(line)
    html = args.out / "html"
    if _sphinx("html", args.docs, html, args.export, args.program, jobs=args.jobs):
        return _fail("the HTML build failed (see the messages above)", 1)
    _say(f"HTML site: {html / 'index.html'}")
    if args.no_pdf:
        return 0
    latex = args.out / "latex"
    try:
        ensure(_say)
        if _sphinx("latex", args.docs, latex, args.export, args.program, jobs=args.jobs):
            return _fail("the LaTeX build failed (see the messages above)", 1)
        pdf = compile_pdf(latex, "booklet.tex")
    except TexMissing as err:
        return _fail(str(err), 1)
    shutil.copyfile(pdf, args.out / PDF_NAME)
    _say(f"PDF booklet: {args.out / PDF_NAME}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``fomoproc`` command."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return build(args)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    return _fail(f"unknown command {args.command}")


if __name__ == "__main__":
    sys.exit(main())
