"""Export and program in, generated sources out: load the inputs, render every file, write.

One path for every command: :func:`load` turns the input files into the booklet (``fomoproc
check``, ``fomoproc build`` and the Sphinx extension all call it), :func:`render` makes every
generated file from the booklet in one loop, and :func:`write_pages` writes the pages into
the Sphinx project, touching only the files whose bytes changed.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from fomoproc.booklet import assemble
from fomoproc.disk import Synced, sync_folder, walk
from fomoproc.indexes import build_indexes
from fomoproc.model import Booklet, Export, Problem, Severity
from fomoproc.photos import usable_photos
from fomoproc.readers import read_export
from fomoproc.readers.program import read_program
from fomoproc.writers import agenda, bibtex, csl, ical, myst, papers, program, ris

#: Folders of the Sphinx project that fomoproc generates: each page in them starts with
#: :data:`GENERATED_MARK` (after its front matter), which tells its pages from a file put
#: there by hand.
GENERATED_DIRS = ("papers", "program")
GENERATED_MARK = myst.HEADER.partition("{source}")[0].encode()
#: Folders of the site whose files are served as they are (citations and calendars).
SERVED_DIRS = ("papers/bib", "program/calendar")
#: Each citation format's suffix and writer, in the order the pages offer them.
CITATION_WRITERS = ((".bib", bibtex.write), (".csl.json", csl.write), (".ris", ris.write))


@dataclass(frozen=True, slots=True, kw_only=True)
class Sources:
    """The input files of a booklet."""

    export: Path
    program: Path | None
    format: str = ""  # "" detects it
    notes: Path | None = None  # the notes export a program-chair console CSV needs
    overrides: Path | None = None  # None: overrides.toml beside the export, if there is one
    group: str = ""  # the accepted papers' OpenReview group: "" for the program's
    docs: Path | None = None  # the Sphinx project, where the program's photos are files

    def overrides_file(self) -> Path | None:
        """The overrides file in use, if any."""
        if self.overrides is not None:
            return self.overrides
        default = self.export.parent / "overrides.toml"
        return default if default.is_file() else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Loaded:
    """The inputs, read and joined: the export, and the booklet when there is a program."""

    export: Export
    booklet: Booklet | None
    photos: Mapping[str, str] = field(default_factory=dict)  # what the people page may show

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem found: the export's (file-level first), then the program's."""
        return self.export.problems + (self.booklet.problems if self.booklet else ())

    @property
    def has_errors(self) -> bool:
        """Whether a problem keeps the booklet from being built."""
        return any(p.severity is Severity.ERROR for p in self.problems)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while, as it was before afterwards.

    Reading and rendering thousands of papers makes millions of small objects that live
    until the end and hold no reference cycles: the collector walked them again and
    again, and freed nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(sources: Sources) -> Loaded:
    """Read the program and the export (filtered by the program's OpenReview group, or
    ``sources.group``), apply the overrides, and join them into the booklet."""
    program = read_program(sources.program) if sources.program is not None else None
    group = sources.group or (program.workshop.group_id if program else "")
    with collector_paused():
        export = read_export(
            sources.export,
            group,
            fmt=sources.format,
            notes=sources.notes,
            overrides=sources.overrides_file(),
        )
    if program is None:
        return Loaded(export=export, booklet=None)
    booklet = assemble(export, program)
    photos: dict[str, str] = {}
    if sources.docs is not None:
        photos, refused = usable_photos(program, sources.docs)
        booklet = replace(booklet, problems=(*booklet.problems, *refused))
    return Loaded(export=export, booklet=booklet, photos=photos)


@dataclass(frozen=True, slots=True, kw_only=True)
class Generated:
    """Every file made from a booklet."""

    pages: dict[str, str]  # MyST pages, by path relative to the Sphinx project
    served: dict[str, bytes]  # citation and calendar files, by path relative to the site


def render(
    booklet: Booklet, *, source: str, base_url: str = "", photos: Mapping[str, str] | None = None
) -> Generated:
    """Every generated page and served file of the booklet.

    ``source`` names the export in each page's header; ``base_url`` is the address the
    site is served from (calendar events link to pages with it); ``photos`` are the images
    the people page may show.
    """
    with collector_paused():
        return _render(booklet, source, base_url, photos or {})


def _render(booklet: Booklet, source: str, base_url: str, photos: Mapping[str, str]) -> Generated:
    workshop = booklet.program.workshop
    keys = bibtex.assign_keys(booklet.papers, workshop.year)
    indexes = build_indexes(booklet)
    calendars = ical.talk_files(booklet)
    pages: dict[str, str] = {}
    served: dict[str, bytes] = {}
    for paper in booklet.papers:
        stem = booklet.stem(paper)
        cited = [write([paper], keys, workshop) for _, write in CITATION_WRITERS]
        for (suffix, _), text in zip(CITATION_WRITERS, cited, strict=True):
            served[f"papers/bib/{stem}{suffix}"] = text.encode()
        pages[f"papers/{stem}.md"] = papers.paper_page(
            paper, booklet, cited[0], source, indexes=indexes, calendars=calendars
        )
    for suffix, write in CITATION_WRITERS:
        served[f"papers/bib/volume{suffix}"] = write(booklet.papers, keys, workshop).encode()
    pages["papers/index.md"] = papers.papers_index(booklet, source)
    program_calendar = ical.PROGRAM_FILE if booklet.program.schedule else ""
    pages["program/schedule.md"] = program.schedule_page(
        booklet, source, calendars, program_calendar
    )
    pages["program/posters.md"] = program.posters_page(booklet, source)
    pages["program/people.md"] = program.people_page(booklet, source, photos, calendars)
    pages[f"{agenda.PAGE}.md"] = agenda.agenda_page(booklet, source)
    if booklet.papers:
        pages.update(papers.authors_pages(booklet, indexes, source))
        pages.update(papers.keywords_pages(booklet, indexes, source))
    for name, text in ical.files(booklet, base_url).items():
        served[f"program/{name}"] = text.encode()
    return Generated(pages=pages, served=served)


def write_pages(srcdir: Path, pages: Mapping[str, str]) -> Synced:
    """Make the generated folders of the Sphinx project hold exactly these pages: changed
    ones written, others (a removed paper's) deleted. Paths are relative to ``srcdir``.

    A file fomoproc did not generate is never written over nor deleted: it is kept, and
    listed as such (``kept``), with the page of the same name left unwritten.
    """
    written: list[str] = []
    removed: list[str] = []
    kept: list[str] = []
    unchanged = 0
    for folder in GENERATED_DIRS:
        prefix = f"{folder}/"
        theirs = {name.removeprefix(prefix) for name in handwritten(srcdir, [folder])}
        mine = {
            name.removeprefix(prefix): text.encode()
            for name, text in pages.items()
            if name.startswith(prefix) and name.removeprefix(prefix) not in theirs
        }
        synced = sync_folder(srcdir / folder, mine, keep=theirs)
        written += [prefix + name for name in synced.written]
        removed += [prefix + name for name in synced.removed]
        kept += [prefix + name for name in synced.kept]
        unchanged += synced.unchanged
    return Synced(tuple(written), tuple(removed), unchanged, tuple(kept))


def handwritten(srcdir: Path, folders: Sequence[str] = GENERATED_DIRS) -> list[str]:
    """The files in the generated folders that fomoproc did not generate, relative to
    ``srcdir``: they do not start with its mark (a killed write's leftover is its own)."""
    found = []
    for folder in folders:
        for name, entry in walk(srcdir / folder).items():
            if name.rpartition("/")[2].startswith(".") and name.endswith(".partial"):
                continue
            with Path(entry.path).open("rb") as file:
                if not _generated(file.read(4096)):
                    found.append(f"{folder}/{name}")
    return found


def _generated(start: bytes) -> bool:
    """Whether a page starts with :data:`GENERATED_MARK`, after its front matter if any (a
    page outside every toctree says ``orphan`` there)."""
    if start.startswith(b"---\n"):
        end = start.find(b"\n---\n", 3)
        start = start[end + len(b"\n---\n") :] if end >= 0 else b""
    return start.startswith(GENERATED_MARK)
