"""The ``fomoproc`` command: thin argument parsing around the pipeline and Sphinx."""

from __future__ import annotations

import argparse
import builtins
import codecs
import io
import json
import os
import pickle
import subprocess
import sys
import traceback
from pathlib import Path

from fomoproc import __version__
from fomoproc.errors import InputError
from fomoproc.model import Booklet
from fomoproc.output import (
    PDF,
    SITE,
    WORK,
    OutputError,
    claim,
    locked,
    publish_file,
    publish_site,
    source_date,
    workshop_epoch,
)
from fomoproc.pause import pause
from fomoproc.pdftext import REPORT, read_report
from fomoproc.pipeline import GENERATED_DIRS, Sources, handwritten, load
from fomoproc.readers import FORMATS, read_export
from fomoproc.report import check_report, describe, summary, tally
from fomoproc.tex import TexMissing, compile_pdf, ensure, lost_glyphs

PDF_NAME = PDF
#: The repository's inputs, which every command defaults to.
EXPORT, PROGRAM, DOCS = Path("papers/export.json"), Path("papers/program.toml"), Path("docs")
#: The names of Python's OSError and its subclasses, as a failed parallel Sphinx process
#: reports its exception: by its name and message only.
_OS_ERRORS = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, OSError)
)


def _say(message: str) -> None:
    sys.stdout.write(f"fomoproc: {message}\n")
    sys.stdout.flush()


def _fail(message: str, status: int = 2) -> int:
    sys.stderr.write(f"fomoproc: error: {message}\n")
    return status


def _input_options(command: argparse.ArgumentParser) -> None:
    """Options every command that reads an export takes, with the same defaults."""
    command.add_argument(
        "--program",
        type=Path,
        default=None,
        help=f"the program file (default: {PROGRAM}; for check, when it exists and no --group "
        "is given)",
    )
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
    command.add_argument(
        "--docs",
        type=Path,
        default=DOCS,
        help=f"the Sphinx project, whose files the program's photos are (default: {DOCS})",
    )


def _sources(args: argparse.Namespace, program: Path | None) -> Sources:
    return Sources(
        export=args.export,
        program=program,
        format=args.format,
        notes=args.notes,
        overrides=args.overrides,
        group=getattr(args, "group", ""),
        docs=args.docs if args.docs.is_dir() else None,
    )


def _jobs(value: str) -> str:
    if value != "auto" and not (value.isdigit() and int(value) > 0):
        raise argparse.ArgumentTypeError(f"expected a number of processes or 'auto', not {value!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fomoproc", description=__doc__)
    parser.add_argument("--version", action="version", version=f"fomoproc {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="generate the pages and build the HTML site and PDF")
    build.add_argument(
        "--export",
        type=Path,
        default=EXPORT,
        help=f"the export of the papers (default: {EXPORT})",
    )
    _input_options(build)
    build.add_argument(
        "--out",
        type=Path,
        default=Path("build"),
        help="where the site and the PDF go (default: build)",
    )
    build.add_argument("--no-pdf", action="store_true", help="build the HTML site only")
    build.add_argument(
        "--force",
        action="store_true",
        help="build into a non-empty folder that fomoproc did not make (its files are kept)",
    )
    build.add_argument(
        "--plain",
        action="store_true",
        help="write the site as a plain folder, updated file by file, instead of switching a "
        "link to a whole new version (for hosts such as Read the Docs)",
    )
    build.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default="auto",
        help="processes Sphinx may use to read and write pages: a number or 'auto', one per "
        "core (default: auto)",
    )
    check = commands.add_parser(
        "check",
        help="validate an export (and a program): counts, exclusions and every problem",
        description="Exit status: 0 clean (warnings allowed), 1 errors, 2 unusable input.",
    )
    check.add_argument(
        "export", type=Path, nargs="?", default=EXPORT, help=f"the export (default: {EXPORT})"
    )
    check.add_argument(
        "--group",
        default="",
        help="OpenReview group id of accepted papers (default: the program's, else the notes')",
    )
    _input_options(check)
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    fetch = commands.add_parser(
        "fetch",
        help="download a venue's submissions from OpenReview into the export",
        description=(
            "Signs in with OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD (the variables "
            "openreview-py reads) or, at a terminal, with the account typed in; otherwise "
            "reads anonymously what the venue made public."
        ),
    )
    fetch.add_argument("group", help="the venue's OpenReview group, e.g. ICML.cc/2025/Workshop/X")
    fetch.add_argument(
        "--export",
        type=Path,
        default=EXPORT,
        help=f"where to write the export (default: {EXPORT})",
    )
    fetch.add_argument(
        "--baseurl",
        default="",
        help="the OpenReview API v2 (default: $OPENREVIEW_API_BASEURL_V2, else "
        "https://api2.openreview.net)",
    )
    fetch.add_argument(
        "--anonymous",
        action="store_true",
        help="do not sign in, nor ask: only what the venue made public",
    )
    init = commands.add_parser(
        "init",
        help="start a booklet for a workshop: program, empty export, Sphinx project, noxfile",
        description=(
            "Writes a new booklet into FOLDER, which builds at once (`nox -s build` there) "
            "and says it has no papers until `fomoproc fetch` brings the export. Values "
            "not given as options are asked for at a terminal; without one, --group, "
            "--name, --date and --timezone are needed."
        ),
    )
    init.add_argument("folder", type=Path, help="the new booklet's folder (new or empty)")
    init.add_argument(
        "--group", help="the workshop's OpenReview group, e.g. ICML.cc/2026/Workshop/X"
    )
    init.add_argument("--name", help="the workshop's full name")
    init.add_argument(
        "--short-name", help="its short name, shown in titles (default: from --group)"
    )
    init.add_argument("--conference", help="e.g. 'ICML 2026' (default: from --group)")
    init.add_argument("--date", help="the day of the workshop, YYYY-MM-DD")
    init.add_argument("--timezone", help="the venue's IANA time zone, e.g. America/Vancouver")
    init.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that is not empty (replacing files of the same names)",
    )
    cards = commands.add_parser(
        "import-cards",
        help="turn a folder of al-folio people cards into program-file entries",
    )
    cards.add_argument("folder", type=Path, help="the site's cards (e.g. _projects/)")
    cards.add_argument(
        "-o", "--output", type=Path, help="write the TOML to this file (default: stdout)"
    )
    return parser


_NAMES = {"html": "HTML", "latex": "LaTeX"}


class SphinxFailed(Exception):
    """Sphinx stopped on an exception that is not the disk's; the details are in a file."""


def _sphinx(
    builder: str, docs: Path, out: Path, sources: Sources, *, jobs: str, pdf: Path | None = None
) -> int:
    """Run a Sphinx build quietly, warnings as errors; its status, 0 when it succeeded.

    An :class:`OSError` met anywhere in Sphinx (a full disk, a permission) is raised as
    itself, any other exception as :class:`SphinxFailed` with its traceback saved in the
    work folder: the organizer gets one line either way, not Sphinx's report.
    """
    # Sphinx loads slowly: only here.
    from sphinx.application import Sphinx  # noqa: PLC0415
    from sphinx.util.console import color_terminal, nocolor  # noqa: PLC0415
    from sphinx.util.docutils import docutils_namespace, patch_docutils  # noqa: PLC0415

    if not color_terminal():
        nocolor()  # as sphinx-build does: no colour codes in a log or a pipe

    overrides = {
        "fomoproc_export": str(sources.export.resolve()),
        "fomoproc_program": str((sources.program or PROGRAM).resolve()),
    }
    if sources.format:
        overrides["fomoproc_format"] = sources.format
    if pdf is not None:
        overrides["fomoproc_pdf"] = str(pdf.resolve())
    for name, path in (("notes", sources.notes), ("overrides", sources.overrides)):
        if path is not None:
            overrides[f"fomoproc_{name}"] = str(path.resolve())
    # A build of this folder that stopped before its end (killed, or an exception) may have
    # left pages cut short, which Sphinx would not write again: a fresh environment makes
    # it write every page. (Kept with Sphinx's caches, which are never published.)
    unfinished = out / ".doctrees" / "fomoproc-unfinished"
    if unfinished.exists():
        (out / ".doctrees" / "environment.pickle").unlink(missing_ok=True)
    unfinished.parent.mkdir(parents=True, exist_ok=True)
    unfinished.touch()
    try:
        with patch_docutils(docs), docutils_namespace():
            app = Sphinx(
                srcdir=docs,
                confdir=docs,
                outdir=out,
                doctreedir=out / ".doctrees",
                buildername=builder,
                confoverrides=overrides,
                status=None,
                warning=sys.stderr,
                warningiserror=True,
                parallel=(os.cpu_count() or 1) if jobs == "auto" else int(jobs),
            )
            app.build()
        unfinished.unlink()
        return app.statuscode
    except Exception as err:
        if (cause := _os_error(err)) is not None:
            raise cause from None
        log = out.parent / f"{builder}-error.log"
        log.write_text("".join(traceback.format_exception(err)), encoding="utf-8")
        first = (str(err).strip().splitlines() or [type(err).__name__])[0]
        raise SphinxFailed(
            f"the {_NAMES[builder]} build failed: {first} (details: {log})"
        ) from None


def _sphinx_apart(builder: str, docs: Path, out: Path, sources: Sources, *, jobs: str) -> int:
    """:func:`_sphinx` in a process of its own, its messages passed on; its status.

    The LaTeX build of a large booklet holds the whole booklet's doctree: Python frees it
    after, but keeps the memory (1.5 GB at 5,000 papers) while XeLaTeX and the site's
    build run; a process of its own gives it back.
    """
    # Paths and a dataclass, from this process to its own child: pickle carries them as they are.
    job = pickle.dumps((builder, docs, out, sources, jobs)).hex()
    done = subprocess.run(
        [sys.executable, "-c", _APART, job],
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    return done.returncode


_APART = "import sys; from fomoproc.cli import sphinx_job; sys.exit(sphinx_job(sys.argv[1]))"


def sphinx_job(job: str) -> int:
    """The process apart (:func:`_sphinx_apart`): one build, its failure said in one line."""
    builder, docs, out, sources, jobs = pickle.loads(bytes.fromhex(job))
    try:
        return _sphinx(builder, docs, out, sources, jobs=jobs)
    except SphinxFailed as err:
        return _fail(str(err))
    except OSError as err:
        return _fail(_os_message(err))


def _os_error(err: BaseException) -> OSError | None:
    """The disk's error behind a Sphinx failure, if that is what stopped it."""
    from sphinx.errors import SphinxParallelError  # noqa: PLC0415

    seen: set[int] = set()
    found: BaseException | None = err
    while found is not None and id(found) not in seen:
        seen.add(id(found))
        if isinstance(found, OSError):
            return found
        if isinstance(found, SphinxParallelError):
            # A forked process's exception, as "PermissionError: [Errno 13] ...".
            name, _, message = found.message.partition(": ")
            return OSError(message) if name in _OS_ERRORS else None
        found = getattr(found, "orig_exc", None) or found.__cause__ or found.__context__
    return None


def _os_message(err: OSError) -> str:
    """ "build/.work/html/index.html: No space left on device"."""
    if err.filename is not None and err.strerror:
        return f"{err.filename}: {err.strerror}"
    return str(err)


def build(args: argparse.Namespace) -> int:
    """Check the inputs, then build HTML and (unless --no-pdf) the PDF, and publish them."""
    if not (args.docs / "conf.py").is_file():
        return _fail(f"{args.docs}: no conf.py: --docs must be the booklet's Sphinx project")
    sources = _sources(args, args.program or PROGRAM)
    try:
        loaded = load(sources)
    except InputError as err:
        return _fail(str(err))
    assert loaded.booklet is not None  # a build always reads a program
    for _, line in describe(loaded.export, loaded.problems, limit=50):
        _say(line)
    if loaded.has_errors:
        return _fail(
            "the export has errors (above): fix them in the export or in the overrides "
            "file, then build again",
            1,
        )
    kept = f"the booklet in {args.out} is left as it was"
    if args.plain:
        kept = f"the PDF in {args.out} is left as it was (--plain: the site may be partly updated)"
    try:
        # One build at a time in a project (its generated pages) and in an output folder,
        # which is checked to be fomoproc's before anything is written in it.
        with locked(args.docs, "project"):
            claim(args.out, force=args.force, plain=args.plain)
            with locked(args.out, "output"):
                status = _build_and_publish(args, sources, loaded.booklet, kept)
    except OutputError as err:
        return _fail(str(err))
    except SphinxFailed as err:
        return _fail(f"{err}; {kept}", 1)
    except OSError as err:
        return _fail(f"{_os_message(err)}; {kept}")
    return status


def _build_and_publish(
    args: argparse.Namespace, sources: Sources, booklet: Booklet, kept: str
) -> int:
    """Build into the work folder, then publish what finished; the locks are held."""
    for name in handwritten(args.docs):
        _say(
            f"warning: {args.docs / name}: not made by fomoproc, in a folder it generates "
            f"({', '.join(f'{d}/' for d in GENERATED_DIRS)}): kept, never removed; move it "
            "out, or it is read as part of the booklet"
        )
    pause("loaded")
    with source_date(workshop_epoch(booklet.program.workshop.date)):
        status = _build_all(args, sources, args.out / WORK, kept)
    if status:
        return status
    site = publish_site(args.out / WORK / "html", args.out, plain=args.plain)
    _say(
        f"HTML site: {args.out / SITE / 'index.html'} ({len(site.written)} files "
        f"written, {len(site.removed)} removed, {site.unchanged} unchanged)"
    )
    if not args.no_pdf:
        publish_file(args.out / WORK / "latex" / "booklet.pdf", args.out / PDF)
        _say(f"PDF booklet: {args.out / PDF}")
    return 0


def _build_all(args: argparse.Namespace, sources: Sources, work: Path, kept: str) -> int:
    """Build into the work folder, the PDF first (the site serves it); nothing readers see
    changes here."""
    pdf = None
    if not args.no_pdf:
        try:
            ensure(_say)
            if _sphinx_apart("latex", args.docs, work / "latex", sources, jobs=args.jobs):
                return _fail(f"the LaTeX build failed (see the messages above); {kept}", 1)
            pdf = compile_pdf(work / "latex", "booklet.tex")
        except TexMissing as err:
            return _fail(f"{err}; {kept}", 1)
        _report_pdf(work / "latex")
        pause("pdf-built")
    if _sphinx("html", args.docs, work / "html", sources, jobs=args.jobs, pdf=pdf):
        return _fail(f"the HTML build failed (see the warnings above); {kept}", 1)
    pause("html-built")
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
    program = args.program
    if program is None and not args.group and PROGRAM.is_file():
        program = PROGRAM  # as build reads it, unless another group is named
    try:
        loaded = load(_sources(args, program))
    except InputError as err:
        return _fail(str(err))
    if args.json:
        report = check_report(loaded.export, loaded.problems)
        # JSON's own escapes where the output cannot carry every character (still JSON).
        utf8 = codecs.lookup(sys.stdout.encoding or "ascii").name == "utf-8"
        sys.stdout.write(json.dumps(report, ensure_ascii=not utf8, indent=2))
        sys.stdout.write("\n")
    else:
        for _, line in describe(loaded.export, loaded.problems):
            sys.stdout.write(f"{line}\n")
    return 1 if loaded.has_errors else 0


def fetch(args: argparse.Namespace) -> int:
    """Write every submission of a venue the account may read as the export, then count it."""
    # requests (and, to sign in, openreview-py) take time to load: only for this command.
    from fomoproc import fetch as fetching  # noqa: PLC0415

    baseurl = args.baseurl or os.environ.get(fetching.BASEURL_VARIABLE) or fetching.DEFAULT_BASEURL
    prompt = fetching.TerminalPrompt() if sys.stdin.isatty() else None
    try:
        fetched = fetching.fetch_venue(
            args.group,
            baseurl=baseurl,
            account=lambda: fetching.find_credentials(
                anonymous=args.anonymous, environ=os.environ, prompt=prompt
            ),
            progress=_fetched,
        )
        written = fetching.write_export(fetched.notes, args.export)
    except fetching.FetchError as err:
        return _fail(f"{err}; {_kept(args.export)}")
    except OSError as err:
        return _fail(f"{args.export}: cannot write: {err.strerror or err}; {_kept(args.export)}")
    who = (
        f"signed in as {fetched.signed_in}: every submission this account may read"
        if fetched.signed_in
        else "anonymous: only what the venue made public"
    )
    done = "wrote" if written else "unchanged:"
    _say(f"{done} {args.export}: {len(fetched.notes)} submissions of {args.group} ({who})")
    try:
        export = read_export(args.export, args.group, fmt="openreview")
    except InputError as err:
        return _fail(str(err))
    _say(f"{args.group}: {summary(export)}")
    if export.problems:
        _say(f"{tally(export.problems)}: `fomoproc check {args.export}` lists them")
    return 0


def _kept(export: Path) -> str:
    """What a failed fetch did to the export: nothing."""
    return f"{export} is left as it was" if export.exists() else f"nothing written to {export}"


def _fetched(count: int, total: int) -> None:
    """A line per page, for venues of more than one page (the API's pages hold 1,000 notes)."""
    if total > 1000:
        sys.stderr.write(f"fomoproc: fetched {count} of {total} submissions\n")
        sys.stderr.flush()


def init(args: argparse.Namespace) -> int:
    """Write a new booklet's folder from the options (or a terminal's answers)."""
    from fomoproc import scaffold  # noqa: PLC0415 - only this command needs it

    given = {q.field: getattr(args, q.field) for q in scaffold.QUESTIONS}
    try:
        scaffold.check_folder(args.folder, force=args.force)  # before any question is asked
        answers = scaffold.gather(given, _ask if sys.stdin.isatty() else None)
        made = scaffold.files(answers, scaffold.install_source())
        created = scaffold.create(args.folder, made, force=args.force)
    except scaffold.InitError as err:
        return _fail(str(err))
    # Top-level names only ("docs/", not each page): one line a terminal can show.
    tops = dict.fromkeys(n.partition("/")[0] + ("/" if "/" in n else "") for n in created.written)
    _say(f"wrote the booklet of {answers.short_name} in {args.folder}: {', '.join(tops)}")
    for name in created.kept:
        _say(f"kept {args.folder / name} as it was")
    _say(f"build it: cd {args.folder} && python3 -m pip install nox && nox -s build")
    _say(f"then get its papers there: fomoproc fetch {answers.group}")
    return 0


def _ask(question: str) -> str:
    """One question at the terminal, on stderr (stdout stays the command's report)."""
    sys.stderr.write(question)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line


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


def _degrade_output() -> None:
    """A terminal that cannot show a character gets an escape (``\\u4e2d``), not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``fomoproc`` command."""
    _degrade_output()
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return build(args)
        if args.command == "check":
            return check(args)
        if args.command == "fetch":
            return fetch(args)
        if args.command == "init":
            return init(args)
        if args.command == "import-cards":
            return import_cards(args)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    return _fail(f"unknown command {args.command}")


if __name__ == "__main__":
    sys.exit(main())
