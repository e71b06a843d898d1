"""Export and program in, generated sources out: read, assemble, render, write what changed."""

from __future__ import annotations

import functools
import hashlib
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fomoproc.booklet import assemble
from fomoproc.indexes import build_indexes
from fomoproc.model import KIND_ORDER, Booklet, Export, Problem, Program, Severity
from fomoproc.photos import usable_photos
from fomoproc.readers import read_export
from fomoproc.readers.program import read_program
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


def render(
    booklet: Booklet,
    source: str,
    *,
    base_url: str = "",
    photos: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Every generated file, by path relative to the Sphinx source folder.

    ``base_url`` is the address the HTML site is served from (calendar files link
    to pages with it); ``photos`` are the images the people page may show.
    """
    workshop = booklet.program.workshop
    keys = bibtex.assign_keys(booklet.papers, workshop.year)
    indexes = build_indexes(booklet)
    calendars = ical.talk_files(booklet)
    files = {
        "papers/index.md": myst.papers_index(booklet, source),
        "program/schedule.md": myst.schedule_page(
            booklet, source, calendars, ical.PROGRAM_FILE if booklet.program.schedule else ""
        ),
        "program/people.md": myst.people_page(booklet, source, photos, calendars),
    }
    if booklet.papers:
        files.update(myst.authors_pages(booklet, indexes, source))
        files.update(myst.keywords_pages(booklet, indexes, source))
    if booklet.program.schedule:
        files.update(
            {f"program/{name}": text for name, text in ical.files(booklet, base_url).items()}
        )
    # Each paper's citation is written once; the volume's files are those joined.
    entries = [bibtex.write([paper], keys, workshop) for paper in booklet.papers]
    items = [csl.write([paper], keys, workshop) for paper in booklet.papers]
    records = [ris.write([paper], keys, workshop) for paper in booklet.papers]
    files["papers/bib/volume.bib"] = bibtex.join(entries)
    files["papers/bib/volume.csl.json"] = csl.join(items)
    files["papers/bib/volume.ris"] = ris.join(records)
    talks: dict[str, list[str]] = {}
    for index, forum in sorted(booklet.paper_by_slot.items()):
        if index in calendars:
            talks.setdefault(forum, []).append(f"program/{calendars[index]}")
    previous = None
    for paper, entry, item, record in zip(booklet.papers, entries, items, records, strict=True):
        files[f"papers/bib/{paper.id}.bib"] = entry
        files[f"papers/bib/{paper.id}.csl.json"] = item
        files[f"papers/bib/{paper.id}.ris"] = record
        in_index = [indexes.author(a.name, a.profile_id) for a in paper.authors]
        files[f"papers/{paper.id}.md"] = myst.paper_page(
            paper,
            booklet,
            entry,
            source,
            first_of_kind=paper.kind is not previous,
            indexes=indexes,
            calendars=talks.get(paper.id, []),
            index_commands=latexindex.index_commands(e for e in in_index if e is not None),
        )
        previous = paper.kind
    return files


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


def read_inputs(sources: Sources) -> tuple[Program, Export]:
    """The program, then the export filtered by the program's OpenReview group."""
    return _read_inputs(
        sources.format,
        _Input.of(sources.export),
        _Input.of(sources.program),
        _Input.of(sources.notes) if sources.notes else None,
        _Input.of(overrides) if (overrides := sources.overrides_file()) else None,
    )


@dataclass(frozen=True, slots=True)
class _Input:
    """A file as the cache of :func:`read_inputs` tells it apart: where it is and its state."""

    path: Path = field(compare=False)  # as the first caller named it, for its messages
    identity: tuple[str, str]

    @classmethod
    def of(cls, path: Path) -> _Input:
        try:
            # The content, not the modification time: two writes can share a timestamp.
            digest = hashlib.blake2b(path.read_bytes()).hexdigest()
        except OSError:
            return cls(path, (str(path), ""))  # unreadable: the reader says why
        return cls(path, (str(path.resolve()), digest))


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


def _generation_key(sources: Sources, base_url: str, photos: Mapping[str, str]) -> str:
    inputs = [sources.export, sources.program, sources.notes, sources.overrides_file()]
    parts = [
        _code_digest(),
        sources.format,
        base_url,
        repr(sorted(photos.items())),
        *(repr(_Input.of(path).identity) if path else "-" for path in inputs),
    ]
    return hashlib.blake2b("\n".join(parts).encode()).hexdigest()


def _generated_files(srcdir: Path) -> dict[str, int]:
    """Every file in the generated folders: its modification time, by its relative path."""
    found = {}
    for folder in GENERATED_DIRS:
        for root, _, names in os.walk(srcdir / folder):  # Path.walk: Python 3.12
            base = Path(root).relative_to(srcdir).as_posix()
            for name in names:
                found[f"{base}/{name}"] = (Path(root) / name).stat().st_mtime_ns
    return found


def _stamp(key: str, files: dict[str, int]) -> list[str]:
    return [key, str(len(files)), str(max(files.values(), default=0))]


def generate(srcdir: Path, sources: Sources, *, base_url: str = "") -> Report:
    """Write the generated pages into ``srcdir``, touching only files whose content changed.

    When the inputs, fomoproc's code and the settings are those of the last generation
    and its files are all still there, nothing is rendered again (a no-change rebuild of
    thousands of papers would spend seconds making the same pages).
    """
    program, export = read_inputs(sources)
    booklet = assemble(export, program)
    photos, refused = usable_photos(program, srcdir)
    booklet = replace(booklet, problems=(*booklet.problems, *refused))
    stamp = srcdir / STAMP
    key = _generation_key(sources, base_url, photos)
    existing = _generated_files(srcdir)
    if stamp.is_file() and stamp.read_text(encoding="utf-8").split() == _stamp(key, existing):
        # Same inputs, same code, and no generated file added, removed or edited since.
        return Report(
            export=export, booklet=booklet, written=(), removed=(), unchanged=len(existing)
        )
    stamp.unlink(missing_ok=True)  # a crash from here on must not leave a stale stamp
    files = render(booklet, sources.export.name, base_url=base_url, photos=photos)
    written, unchanged = [], 0
    folders: set[Path] = set()
    for relative, content in sorted(files.items()):
        target = srcdir / relative
        data = content.encode("utf-8")
        if relative in existing:
            if target.read_bytes() == data:
                unchanged += 1
                continue
            # Write beside, then rename: a crash never leaves a page half replaced.
            partial = target.with_name(f".{target.name}.partial")
            partial.write_bytes(data)
            partial.replace(target)
        else:
            # A new file is written in place: were it cut short by a crash, the stamp
            # (removed above) is missing, and the next generation compares and rewrites it.
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            target.write_bytes(data)
        written.append(relative)
    removed = sorted(relative for relative in existing if relative not in files)
    for relative in removed:
        (srcdir / relative).unlink()
    stamp.write_text(" ".join(_stamp(key, _generated_files(srcdir))) + "\n", encoding="utf-8")
    return Report(
        export=export,
        booklet=booklet,
        written=tuple(written),
        removed=tuple(removed),
        unchanged=unchanged,
    )
