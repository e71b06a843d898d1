"""The ``fomoproc`` command: thin argument parsing around the pipeline and Sphinx."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fomoproc import __version__, served
from fomoproc.booklet import assemble
from fomoproc.errors import InputError
from fomoproc.model import Severity
from fomoproc.output import publish_file, publish_tree, source_date, workshop_epoch
from fomoproc.pdftext import REPORT, read_report
from fomoproc.pipeline import Sources, check_report, describe, problems_of, read_inputs
from fomoproc.readers import FORMATS, read_export
from fomoproc.readers.program import read_program
from fomoproc.tex import TexMissing, compile_pdf, ensure, lost_glyphs

PDF_NAME = "booklet.pdf"
#: Where Sphinx and LaTeX build (and keep their caches) before a finished build is published.
WORK = ".work"


def _say(message: str) -> None:
    sys.stdout.write(f"fomoproc: {message}\n")
    sys.stdout.flush()


def _fail(message: str, status: int = 2) -> int:
    sys.stderr.write(f"fomoproc: error: {message}\n")
    return status


def _input_options(command: argparse.ArgumentParser) -> None:
    """Options every command that reads an export takes."""
    command.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="",
        help="the export's format (default: detected from its content)",
    )
    command.add_argument(
        "--notes",
        type=Path,
        help="OpenReview notes export that gives a program-chair console CSV its authors",
    )
    command.add_argument(
        "--overrides",
        type=Path,
        help="the organizers' corrections by paper id (default: overrides.toml beside the export)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fomoproc", description=__doc__)
    parser.add_argument("--version", action="version", version=f"fomoproc {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="generate the pages and build the HTML site and PDF")
    build.add_argument(
        "--export",
        type=Path,
        default=Path("papers/export.json"),
        help="the export of accepted papers (default: papers/export.json)",
    )
    build.add_argument(
        "--program",
        type=Path,
        default=Path("papers/program.toml"),
        help="program file (default: papers/program.toml)",
    )
    _input_options(build)
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
    check = commands.add_parser(
        "check",
        help="validate an export (and a program): counts, exclusions and every problem",
        description="Exit status: 0 clean (warnings allowed), 1 errors, 2 unusable input.",
    )
    check.add_argument("export", type=Path, help="the export to check")
    check.add_argument("--program", type=Path, help="also check the program against the export")
    check.add_argument(
        "--group",
        default="",
        help="OpenReview group id of accepted papers (default: the program's, else the notes')",
    )
    _input_options(check)
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    cards = commands.add_parser(
        "import-cards",
        help="turn a folder of al-folio people cards into program-file entries",
    )
    cards.add_argument("folder", type=Path, help="the site's cards (e.g. _projects/)")
    cards.add_argument(
        "-o", "--output", type=Path, help="write the TOML to this file (default: stdout)"
    )
    return parser


def _sphinx(builder: str, docs: Path, out: Path, sources: Sources, *, jobs: str) -> int:
    from sphinx.cmd.build import build_main  # noqa: PLC0415 - Sphinx loads slowly; only here

    export, program = sources.export, sources.program
    extra = [f"fomoproc_format={sources.format}"] if sources.format else []
    for name, path in (("notes", sources.notes), ("overrides", sources.overrides)):
        if path is not None:
            extra.append(f"fomoproc_{name}={path.resolve()}")
    extra = [part for value in extra for part in ("-D", value)]
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
            *extra,
            str(docs),
            str(out),
        ]
    )


def build(args: argparse.Namespace) -> int:
    """Check the inputs, then build HTML and (unless --no-pdf) the PDF, and publish them."""
    sources = Sources(
        export=args.export,
        program=args.program,
        format=args.format,
        notes=args.notes,
        overrides=args.overrides,
    )
    try:
        program, export = read_inputs(sources)
    except InputError as err:
        return _fail(str(err))
    if not (args.docs / "conf.py").is_file():
        return _fail(f"{args.docs}: no conf.py: --docs must be the booklet's Sphinx project")
    booklet = assemble(export, program)
    for _, line in describe(export, booklet, limit=50):
        _say(line)
    if any(p.severity is Severity.ERROR for p in problems_of(export, booklet)):
        return _fail(
            "the export has errors (above): fix them in the export or in the overrides "
            "file, then build again",
            1,
        )
    work = args.out / WORK
    with source_date(workshop_epoch(program.workshop.date)):
        status = _build_all(args, sources, work)
    if status:
        return status
    # The served files are only ever replaced (fomoproc.sphinxext.files): linked, not copied.
    site = publish_tree(work / "html", args.out / "html", linked=served.SERVED)
    _say(
        f"HTML site: {args.out / 'html' / 'index.html'} ({len(site.written)} files written, "
        f"{len(site.removed)} removed, {site.unchanged} unchanged)"
    )
    if not args.no_pdf:
        publish_file(work / "latex" / "booklet.pdf", args.out / PDF_NAME)
        _say(f"PDF booklet: {args.out / PDF_NAME}")
    return 0


def _build_all(args: argparse.Namespace, sources: Sources, work: Path) -> int:
    """Build into the work folder; nothing readers see changes here."""
    kept = f"the previous output in {args.out} is unchanged"
    if _sphinx("html", args.docs, work / "html", sources, jobs=args.jobs):
        return _fail(f"the HTML build failed (see the messages above); {kept}", 1)
    if args.no_pdf:
        return 0
    try:
        ensure(_say)
        if _sphinx("latex", args.docs, work / "latex", sources, jobs=args.jobs):
            return _fail(f"the LaTeX build failed (see the messages above); {kept}", 1)
        compile_pdf(work / "latex", "booklet.tex")
    except TexMissing as err:
        return _fail(f"{err}; {kept}", 1)
    _report_pdf(work / "latex")
    return 0


def _report_pdf(latex: Path, limit: int = 50) -> None:
    """What the PDF prints differently from the site, by paper and field: warnings only."""
    found = read_report(latex)
    for problem in found[:limit]:
        _say(str(problem))
    if len(found) > limit:
        _say(f"... and {len(found) - limit} more in {latex / REPORT}")
    for glyph in lost_glyphs(latex, "booklet.tex"):
        _say(f"warning: the PDF has {glyph}: please report it as a fomoproc bug")


def check(args: argparse.Namespace) -> int:
    """Validate an export (and a program): 0 clean, 1 errors, 2 unusable input."""
    try:
        program = read_program(args.program) if args.program else None
        group = args.group or (program.workshop.group_id if program else "")
        overrides = args.overrides
        if overrides is None and (args.export.parent / "overrides.toml").is_file():
            overrides = args.export.parent / "overrides.toml"
        export = read_export(
            args.export, group, fmt=args.format, notes=args.notes, overrides=overrides
        )
    except InputError as err:
        return _fail(str(err))
    booklet = assemble(export, program) if program else None
    if args.json:
        sys.stdout.write(json.dumps(check_report(export, booklet), ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
    else:
        for _, line in describe(export, booklet):
            sys.stdout.write(f"{line}\n")
    errors = any(p.severity is Severity.ERROR for p in problems_of(export, booklet))
    return 1 if errors else 0


def import_cards(args: argparse.Namespace) -> int:
    """Print (or write) program-file entries for a folder of site cards."""
    from fomoproc.readers.cards import program_entries, read_cards  # noqa: PLC0415 - only here

    try:
        text = program_entries(read_cards(args.folder), source=args.folder.name)
    except InputError as err:
        return _fail(str(err))
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as err:
        return _fail(f"{args.output}: cannot write: {err.strerror or err}")
    _say(f"wrote {args.output}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``fomoproc`` command."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return build(args)
        if args.command == "check":
            return check(args)
        if args.command == "import-cards":
            return import_cards(args)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    return _fail(f"unknown command {args.command}")


if __name__ == "__main__":
    sys.exit(main())
