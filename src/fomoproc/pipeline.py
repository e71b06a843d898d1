"""Export and program in, generated sources out: read, assemble, render, write what changed."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import multiprocessing
import os
import pickle
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import IO, Any, NamedTuple

from fomoproc import served
from fomoproc.booklet import assemble
from fomoproc.indexes import Filing, Indexes, build_indexes
from fomoproc.model import KIND_ORDER, Booklet, Export, Paper, Problem, Program, Severity
from fomoproc.photos import usable_photos
from fomoproc.readers import read_export
from fomoproc.readers.program import read_program
from fomoproc.volume import VolumeFiles, write_at
from fomoproc.writers import bibtex, csl, ical, latexindex, myst, ris

#: Folders of the Sphinx project that fomoproc owns: every file in them is generated.
GENERATED_DIRS = ("papers", "program")


def summary(export: Export) -> str:
    """ "33 records: 30 accepted (5 oral, 7 spotlight, 18 poster), 3 excluded (...)"."""
    kinds = Counter(p.kind for p in export.papers)
    accepted = ", ".join(f"{kinds[k]} {k.value}" for k in KIND_ORDER if kinds[k])
    reasons = Counter(e.reason for e in export.exclusions)
    excluded = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
    line = f"{export.records} records: {len(export.papers)} accepted"
    line += f" ({accepted})" if accepted else ""
    line += f", {len(export.exclusions)} excluded"
    return line + (f" ({excluded})" if excluded else "")


def problems_of(export: Export, booklet: Booklet | None = None) -> tuple[Problem, ...]:
    """Every problem found: the export's (file-level first), then the program's."""
    return export.problems + (booklet.problems if booklet is not None else ())


def describe(
    export: Export, booklet: Booklet | None = None, *, limit: int | None = None
) -> list[tuple[Severity, str]]:
    """What an organizer is told about an import: counts, exclusions, problems, totals.

    With ``limit``, at most that many problems are listed (errors first), and a
    last line says how many more ``fomoproc check`` shows.
    """
    lines = [(Severity.INFO, f"{Path(export.source).name}: {summary(export)}")]
    for exclusion in export.exclusions:
        title = f" {exclusion.title!r}" if exclusion.title else ""
        lines.append((Severity.INFO, f"excluded {exclusion.record}{title}: {exclusion.reason}"))
    problems = problems_of(export, booklet)
    shown = problems
    if limit is not None and len(problems) > limit:
        rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        shown = tuple(sorted(problems, key=lambda p: rank[p.severity])[:limit])
    lines.extend((p.severity, str(p)) for p in shown)
    if len(shown) < len(problems):
        lines.append(
            (
                Severity.INFO,
                f"... and {len(problems) - len(shown)} more problems: "
                "`fomoproc check` lists them all",
            )
        )
    if problems:
        lines.append((Severity.INFO, tally(problems)))
    return lines


def tally(problems: tuple[Problem, ...]) -> str:
    """ "2 errors, 31 warnings (abstract 30, title 1), 4 notes"."""
    parts = []
    for severity, word in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "note"),
    ):
        fields = Counter(
            p.field.split("[")[0].split(".")[0] or "file"
            for p in problems
            if p.severity is severity
        )
        count = sum(fields.values())
        if count:
            detail = ", ".join(f"{name} {n}" for name, n in sorted(fields.items()))
            parts.append(f"{count} {word}{'s' if count != 1 else ''} ({detail})")
    return ", ".join(parts)


def check_report(export: Export, booklet: Booklet | None = None) -> dict[str, Any]:
    """The ``fomoproc check --json`` object: counts and every problem."""
    kinds = Counter(p.kind.value for p in export.papers)
    return {
        "file": export.source,
        "format": export.format,
        "records": export.records,
        "accepted": {k.value: kinds[k.value] for k in KIND_ORDER},
        "excluded": dict(sorted(Counter(e.reason for e in export.exclusions).items())),
        "exclusions": [
            {"record": e.record, "title": e.title, "reason": e.reason} for e in export.exclusions
        ],
        "problems": [
            {
                "file": p.file,
                "paper": p.paper,
                "field": p.field,
                "severity": p.severity.value,
                "message": p.message,
            }
            for p in problems_of(export, booklet)
        ],
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """What a generation read and wrote."""

    export: Export
    booklet: Booklet
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int

    def describe(self) -> list[tuple[Severity, str]]:
        """Counts, exclusions and problems, as :func:`describe` words them (50 at most)."""
        return describe(self.export, self.booklet, limit=50)


class _Plan:
    """What every generated file is made from, worked out once per generation.

    The files of one paper depend on the paper, on these shared values and on where the
    indexes file its authors and keywords (a :class:`~fomoproc.indexes.Filing`), so the
    papers can be rendered in any order, or split between processes. The indexes are not
    worked out here: a process forked to render papers starts on their citations, which
    do not need them, while the main process works them out.
    """

    def __init__(
        self, booklet: Booklet, source: str, base_url: str, photos: Mapping[str, str] | None
    ) -> None:
        self.booklet = booklet
        self.source = source
        self.base_url = base_url
        self.photos = photos
        self.keys = bibtex.assign_keys(booklet.papers, booklet.program.workshop.year)
        self.calendars = ical.talk_files(booklet)
        self.talks: dict[str, list[str]] = {}
        for index, forum in sorted(booklet.paper_by_slot.items()):
            if index in self.calendars:
                self.talks.setdefault(forum, []).append(f"program/{self.calendars[index]}")

    def shared_files(self, indexes: Indexes) -> dict[str, str]:
        """The pages that are not one paper's: papers index, schedule, people, indexes."""
        booklet, source = self.booklet, self.source
        files = {
            "papers/index.md": myst.papers_index(booklet, source),
            "program/schedule.md": myst.schedule_page(
                booklet,
                source,
                self.calendars,
                ical.PROGRAM_FILE if booklet.program.schedule else "",
            ),
            "program/people.md": myst.people_page(booklet, source, self.photos, self.calendars),
        }
        if booklet.papers:
            files.update(myst.authors_pages(booklet, indexes, source))
            files.update(myst.keywords_pages(booklet, indexes, source))
        if booklet.program.schedule:
            files.update(
                {
                    f"program/{name}": text
                    for name, text in ical.files(booklet, self.base_url).items()
                }
            )
        return files

    def citations(self, start: int, stop: int) -> list[Citation]:
        """The citations of the papers ``start`` to ``stop`` (excluded)."""
        workshop = self.booklet.program.workshop
        return [
            Citation(
                bibtex.write([paper], self.keys, workshop),
                csl.write([paper], self.keys, workshop),
                ris.write([paper], self.keys, workshop),
            )
            for paper in self.booklet.papers[start:stop]
        ]

    def pages(
        self, start: int, stop: int, citations: Sequence[Citation], filing: Filing
    ) -> dict[str, str]:
        """The pages of the papers ``start`` to ``stop`` (excluded), with their citations."""
        papers = self.booklet.papers
        files: dict[str, str] = {}
        for number, citation in zip(range(start, stop), citations, strict=True):
            paper = papers[number]
            in_index = [filing.author(a.name, a.profile_id) for a in paper.authors]
            files[f"papers/{paper.id}.md"] = myst.paper_page(
                paper,
                self.booklet,
                citation.bibtex,
                self.source,
                first_of_kind=number == 0 or paper.kind is not papers[number - 1].kind,
                filing=filing,
                calendars=self.talks.get(paper.id, []),
                index_commands=latexindex.index_commands(e for e in in_index if e is not None),
            )
        return files


class Citation(NamedTuple):
    """One paper's citation in each format."""

    bibtex: str
    csl: str
    ris: str


#: The served folder of the citation files, and each format's suffix and joining, in the
#: order of :class:`Citation`'s fields.
CITED = "papers/bib"
_FORMATS = ((".bib", bibtex.JOINT), (".csl.json", csl.JOINT), (".ris", ris.JOINT))


class _Cited(NamedTuple):
    """Several papers' citations, one format after another: their items joined (the piece
    of the volume's file that they are), and each paper's item length, in bytes."""

    pieces: tuple[bytes, ...]
    lengths: tuple[list[int], ...]


def _citation_files(papers: Sequence[Paper], citations: Sequence[Citation]) -> dict[str, str]:
    """Each paper's citation files, served at ``papers/bib/<id>.bib`` (``.csl.json``, ``.ris``)."""
    return {
        f"{CITED}/{paper.id}{suffix}": text
        for paper, citation in zip(papers, citations, strict=True)
        for (suffix, _), text in zip(_FORMATS, citation, strict=True)
    }


def _cited(citations: Sequence[Citation]) -> _Cited:
    pieces, lengths = [], []
    for number, (_, joint) in enumerate(_FORMATS):
        encoded = [citation[number].encode() for citation in citations]
        pieces.append(joint.items(encoded))
        lengths.append([len(joint.item(data)) for data in encoded])
    return _Cited(tuple(pieces), tuple(lengths))


def _served_members(papers: Sequence[Paper], cited: _Cited, starts: Sequence[int]) -> list[bytes]:
    """The bundle members of these papers' own citation files, one part per format: each
    file a piece of the volume's (see :mod:`fomoproc.served`), found from the items'
    lengths and where the papers' piece of each volume file ``starts``."""
    members = []
    for number, (suffix, joint) in enumerate(_FORMATS):
        # A paper's own file is the format's head, its piece of the volume's, and its tail.
        head: list[served.Part] = [joint.head.decode()] if joint.head else []
        tail: list[served.Part] = [joint.tail.decode()] if joint.tail else []
        shift = starts[number] - len(joint.head)  # spans start after the head
        files: dict[str, list[served.Part]] = {
            f"{CITED}/{paper.id}{suffix}": [
                *head,
                served.Piece(f"volume{suffix}", start + shift, stop + shift),
                *tail,
            ]
            for paper, (start, stop) in zip(papers, joint.spans(cited.lengths[number]), strict=True)
        }
        members.append(served.members(files, CITED))
    return members


def render(
    booklet: Booklet,
    source: str,
    *,
    base_url: str = "",
    photos: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Every file of the booklet made from its inputs, by path relative to the Sphinx source
    folder, served files one by one (generation writes each served folder as its bundle).

    ``base_url`` is the address the HTML site is served from (calendar files link
    to pages with it); ``photos`` are the images the people page may show.
    """
    plan = _Plan(booklet, source, base_url, photos)
    indexes = build_indexes(booklet)
    files = plan.shared_files(indexes)
    citations = plan.citations(0, len(booklet.papers))
    pages = plan.pages(0, len(booklet.papers), citations, indexes.filing(booklet.papers))
    joined = {
        f"{CITED}/volume{suffix}": joint.join([c[number].encode() for c in citations]).decode()
        for number, (suffix, joint) in enumerate(_FORMATS)
    }
    return files | pages | _citation_files(booklet.papers, citations) | joined


@dataclass(frozen=True, slots=True, kw_only=True)
class Sources:
    """The input files of a booklet."""

    export: Path
    program: Path
    format: str = ""  # "" detects it
    notes: Path | None = None  # the notes export a program-chair console CSV needs
    overrides: Path | None = None  # None: overrides.toml beside the export, if there is one

    def overrides_file(self) -> Path | None:
        """The overrides file in use, if any."""
        if self.overrides is not None:
            return self.overrides
        default = self.export.parent / "overrides.toml"
        return default if default.is_file() else None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while, as it was before afterwards.

    Reading and rendering thousands of papers makes millions of small objects, which
    live until the end and hold no reference cycles: the collector, started every 700
    allocations, walked all of them again and again (a fifth of a 5,000-paper read, half
    of working out the indexes), and freed nothing. Processes forked meanwhile inherit it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_inputs(sources: Sources) -> tuple[Program, Export]:
    """The program, then the export filtered by the program's OpenReview group."""
    return _read(_inputs(sources))


def _read(inputs: _Inputs) -> tuple[Program, Export]:
    with collector_paused():
        return _read_inputs(*inputs)


class _Inputs(NamedTuple):
    """The input files, each with its state when generation began."""

    format: str
    export: _Input
    program: _Input
    notes: _Input | None
    overrides: _Input | None


def _inputs(sources: Sources) -> _Inputs:
    overrides = sources.overrides_file()
    return _Inputs(
        sources.format,
        _Input.of(sources.export),
        _Input.of(sources.program),
        _Input.of(sources.notes) if sources.notes else None,
        _Input.of(overrides) if overrides else None,
    )


@dataclass(frozen=True, slots=True)
class _Input:
    """A file as the cache of :func:`read_inputs` tells it apart: where it is and its state."""

    path: Path = field(compare=False)  # as the first caller named it, for its messages
    identity: tuple[str, str]

    @classmethod
    def of(cls, path: Path) -> _Input:
        try:
            where, state = str(path.resolve()), path.stat()
            # The content, not the modification time: two writes can share a timestamp.
            # A file whose status last changed seconds ago is hashed once per process:
            # writing it again would change that time.
            if time.time_ns() - state.st_ctime_ns > _SETTLED_NS:
                digest = _digest(where, _state(state))
            else:
                digest = _sha256(where)
        except OSError:
            return cls(path, (str(path), ""))  # unreadable: the reader says why
        return cls(path, (where, digest))


_SETTLED_NS = 2_000_000_000


def _state(status: os.stat_result) -> tuple[int, ...]:
    return (
        status.st_dev,
        status.st_ino,
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
    )


@functools.lru_cache(maxsize=8)
def _digest(path: str, state: tuple[int, ...]) -> str:
    """The SHA-256 of a file in this state (the state is the cache's key)."""
    return _sha256(path)


def _sha256(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# `fomoproc build` reads the inputs to report on them, then Sphinx's builder-inited reads them
# again in the same process (1.5 s at 5,000 papers): the values are frozen, so the second
# read reuses the first for as long as no input file changes.
@functools.lru_cache(maxsize=2)
def _read_inputs(
    fmt: str, export: _Input, program_file: _Input, notes: _Input | None, overrides: _Input | None
) -> tuple[Program, Export]:
    program = read_program(program_file.path)
    return program, read_export(
        export.path,
        program.workshop.group_id,
        fmt=fmt,
        notes=notes.path if notes else None,
        overrides=overrides.path if overrides else None,
    )


#: Beside the generated folders: what the last generation was made from.
STAMP = ".fomoproc-generated"


@functools.cache
def _code_digest() -> str:
    """fomoproc's own source: a changed writer must regenerate, even at the same version."""
    digest = hashlib.blake2b()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _generation_key(inputs: _Inputs, base_url: str, photos: Mapping[str, str]) -> str:
    parts = [
        _code_digest(),
        base_url,
        repr(sorted(photos.items())),
        inputs.format,
        *(repr(file.identity) if file else "-" for file in inputs[1:]),
    ]
    return hashlib.blake2b("\n".join(parts).encode()).hexdigest()


def _generated_files(srcdir: Path) -> dict[str, int]:
    """Every file in the generated folders: its modification time, by its relative path."""
    found: dict[str, int] = {}
    for folder in GENERATED_DIRS:
        _scan(f"{srcdir}/{folder}", folder, found)
    return found


def _scan(path: str, relative: str, found: dict[str, int]) -> None:
    try:
        entries = os.scandir(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    with entries:
        for entry in entries:
            if entry.is_dir():
                if not entry.is_symlink():  # as os.walk: a linked folder is not gone into
                    _scan(entry.path, f"{relative}/{entry.name}", found)
                continue
            found[f"{relative}/{entry.name}"] = entry.stat().st_mtime_ns


def _stamp(key: str, files: dict[str, int]) -> list[str]:
    return [key, str(len(files)), str(max(files.values(), default=0))]


#: Papers from which generation splits the paper pages between processes: below it,
#: starting them costs more than it saves.
PARALLEL_FROM = 500


def _processes(papers: int) -> int:
    """Processes to render the pages with, this one and workers forked from it (as Sphinx's
    -j forks): one per core."""
    if papers < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, 8))


#: What this process does besides its papers, as a share of what all the papers' own files
#: cost: the indexes (worked out while the workers start on their citations, and handed to
#: them) and the shared pages (papers index, schedule, people, author and keyword index
#: pages), together about half, measured at 1,000 and 5,000 papers. It renders that many
#: fewer papers.
MAIN_COST = 0.5


def _runs(count: int, processes: int) -> list[tuple[int, int]]:
    """The papers each process renders, as (start, stop): this process's run first, then
    one run per worker, so that all of them finish at about the same time."""
    share = count * (1 + MAIN_COST) / processes
    first = min(count, max(0, round(share - count * MAIN_COST)))
    workers, rest = processes - 1, count - first
    return [(0, first)] + [
        (first + rest * i // workers, first + rest * (i + 1) // workers) for i in range(workers)
    ]


class _Job(NamedTuple):
    """What every run renders from and writes into."""

    plan: _Plan
    srcdir: Path
    existing: dict[str, int]
    volume: VolumeFiles


def _scratch() -> IO[bytes]:
    """A file in memory where the system has them, shared with the workers forked after
    it is made: a worker's handoff, or its result (sent back through the pool's pipe, which
    the main process reads 64 KB at a time while it renders papers itself, a result of
    megabytes arrived a tenth of a second late)."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("fomoproc-run"), "w+b")
    return tempfile.TemporaryFile()


class _Handoff:
    """What the main process gives one worker after forking it (where its papers' authors
    and keywords are filed): pickled into a file both hold, then an event is set, which the
    worker waits on. Made before the fork, like the worker's result file."""

    def __init__(self, file: IO[bytes], ready: EventType) -> None:
        self._file = file
        self._ready = ready

    def give(self, value: object) -> None:
        """Hand the value over; ``None`` when the main process failed before making it."""
        write_at(self._file.fileno(), pickle.dumps(value, protocol=5), 0)
        self._ready.set()

    def take(self) -> Any:
        """The value, once given (in the worker)."""
        self._ready.wait()
        descriptor = self._file.fileno()
        value = pickle.loads(os.pread(descriptor, os.fstat(descriptor).st_size, 0))
        if value is None:
            raise RuntimeError("generation failed in the main process")
        return value


# What the forked workers inherit (set before they start, so that the booklet is not
# pickled to each of them): the job, the files they leave their results in, and their
# handoffs.
_FORKED: list[tuple[_Job, list[IO[bytes]], list[_Handoff]]] = []


def _render_and_write(
    plan: _Plan, srcdir: Path, existing: dict[str, int]
) -> tuple[set[str], list[str], int]:
    """Every generated file rendered and written where changed: (all names, written, unchanged).

    The papers are split in contiguous runs, one per process. Each run renders its papers'
    citations, gives the length of each in the volume's citation files (from which the
    bundle of the papers' own citation files is made), renders its pages once it knows
    where the indexes file its papers' authors and keywords, and writes the pages and its
    piece of the volume's files (:mod:`fomoproc.volume`). This process forks the workers,
    which render the other runs, then works out the indexes and gives each worker its
    papers' filing; then it renders its own run (the first) and the shared pages.
    """
    papers = plan.booklet.papers
    first, *others = _runs(len(papers), _processes(len(papers)))
    context = multiprocessing.get_context("fork")
    volume = VolumeFiles(srcdir, CITED, _FORMATS, 1 + len(others), context)
    job = _Job(plan, srcdir, existing, volume)
    try:
        if not others:
            indexes = build_indexes(plan.booklet)
            runs = [_paper_run(job, 0, *first, lambda: indexes.filing(papers))]
            shared = _write(srcdir, plan.shared_files(indexes), existing)
        else:
            with contextlib.ExitStack() as stack:
                results = [stack.enter_context(_scratch()) for _ in others]
                handoffs = [
                    _Handoff(stack.enter_context(_scratch()), context.Event()) for _ in others
                ]
                _FORKED.append((job, results, handoffs))
                try:
                    with context.Pool(len(others)) as pool:
                        pending = pool.starmap_async(
                            _forked_run, [(part, *run) for part, run in enumerate(others)]
                        )
                        indexes = _index_for(plan.booklet, handoffs, others)
                        own = papers[first[0] : first[1]]
                        runs = [_paper_run(job, 0, *first, lambda: indexes.filing(own))]
                        shared = _write(srcdir, plan.shared_files(indexes), existing)
                        pending.get()
                finally:
                    _FORKED.clear()
                for result in results:
                    result.seek(0)
                    runs.append(pickle.load(result))
        cited, unchanged = volume.finish(existing)
    except BaseException:
        volume.discard()
        raise
    # Format by format, each in booklet order: the same bundle whatever the runs.
    members = [
        run.members[number] for number in range(len(_FORMATS)) for run in runs if run.members
    ]
    bundle = {served.bundle_of(CITED): served.bundle(members)}
    names = set(volume.relative)
    written = list(cited)
    for part in (*runs, shared, _write(srcdir, bundle, existing)):
        names.update(part.names)
        written.extend(part.written)
        unchanged += part.unchanged
    return names, written, unchanged


def _index_for(
    booklet: Booklet, handoffs: Sequence[_Handoff], runs: Sequence[tuple[int, int]]
) -> Indexes:
    """The indexes, each worker given where its run's authors and keywords are filed;
    should they fail, the workers are told so (none waits for ever)."""
    given = 0
    try:
        indexes = build_indexes(booklet)
        for handoff, (start, stop) in zip(handoffs, runs, strict=True):
            handoff.give(indexes.filing(booklet.papers[start:stop]))
            given += 1
    except BaseException:
        for handoff in handoffs[given:]:
            handoff.give(None)
        raise
    return indexes


class _Written(NamedTuple):
    names: list[str]  # every file of the part, written or not
    written: list[str]
    unchanged: int
    members: Sequence[bytes]  # of the served bundle, one part per format (none: no papers)


def _forked_run(part: int, start: int, stop: int) -> None:
    job, results, handoffs = _FORKED[0]
    result = _paper_run(job, part + 1, start, stop, handoffs[part].take)
    pickle.dump(result, results[part], protocol=5)
    results[part].flush()


def _paper_run(
    job: _Job, run: int, start: int, stop: int, filing: Callable[[], Filing]
) -> _Written:
    """Run ``run`` (papers ``start`` to ``stop``): its citations, their pieces of the
    volume's files, and its pages, rendered once ``filing`` gives where the indexes file
    the run's authors and keywords."""
    try:
        citations = job.plan.citations(start, stop)
        cited = _cited(citations) if citations else None
    except BaseException:
        job.volume.give(run, None)  # the runs after this one must not wait for ever
        raise
    job.volume.give(run, cited.pieces if cited else None)
    pages = job.plan.pages(start, stop, citations, filing())
    written = _write(job.srcdir, pages, job.existing)
    if cited is None:
        return written
    starts = job.volume.write(run, cited.pieces)
    return written._replace(
        members=_served_members(job.plan.booklet.papers[start:stop], cited, starts)
    )


def _write(srcdir: Path, files: Mapping[str, str | bytes], existing: dict[str, int]) -> _Written:
    """Write the files whose content changed; a new file's folder is made where missing."""
    written, unchanged = [], 0
    folders: set[str] = set()
    for relative, content in files.items():
        target = f"{srcdir}/{relative}"  # text: thousands of files, no Path object for each
        data = content.encode() if isinstance(content, str) else content
        if relative in existing:
            path = Path(target)
            if path.read_bytes() == data:
                unchanged += 1
                continue
            # Write beside, then rename: a crash never leaves a page half replaced.
            partial = path.with_name(f".{path.name}.partial")
            _create(partial, data)
            partial.replace(path)
        else:
            # A new file is written in place: were it cut short by a crash, the stamp
            # (removed before) is missing, and the next generation compares and rewrites it.
            folder = target.rpartition("/")[0]
            if folder not in folders:
                Path(folder).mkdir(parents=True, exist_ok=True)
                folders.add(folder)
            _create(target, data)
        written.append(relative)
    return _Written(list(files), written, unchanged, ())


def _create(path: str | Path, data: bytes) -> None:
    """Write a file whole, by the system's calls (a third faster than a Python file object,
    whose buffering a file written in one go does not need)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        write_at(descriptor, data, 0)
    finally:
        os.close(descriptor)


def generate(srcdir: Path, sources: Sources, *, base_url: str = "") -> Report:
    """Write the generated pages into ``srcdir``, touching only files whose content changed.

    When the inputs, fomoproc's code and the settings are those of the last generation
    and its files are all still there, nothing is rendered again (a no-change rebuild of
    thousands of papers would spend seconds making the same pages).
    """
    inputs = _inputs(sources)  # each file read and hashed once
    program, export = _read(inputs)
    booklet = assemble(export, program)
    photos, refused = usable_photos(program, srcdir)
    booklet = replace(booklet, problems=(*booklet.problems, *refused))
    stamp = srcdir / STAMP
    key = _generation_key(inputs, base_url, photos)
    existing = _generated_files(srcdir)
    if stamp.is_file() and stamp.read_text(encoding="utf-8").split() == _stamp(key, existing):
        # Same inputs, same code, and no generated file added, removed or edited since.
        return Report(
            export=export, booklet=booklet, written=(), removed=(), unchanged=len(existing)
        )
    stamp.unlink(missing_ok=True)  # a crash from here on must not leave a stale stamp
    with collector_paused():
        plan = _Plan(booklet, sources.export.name, base_url, photos)
        names, written, unchanged = _render_and_write(plan, srcdir, existing)
    removed = sorted(relative for relative in existing if relative not in names)
    for relative in removed:
        (srcdir / relative).unlink()
    stamp.write_text(" ".join(_stamp(key, _generated_files(srcdir))) + "\n", encoding="utf-8")
    return Report(
        export=export,
        booklet=booklet,
        written=tuple(sorted(written)),
        removed=tuple(removed),
        unchanged=unchanged,
    )
