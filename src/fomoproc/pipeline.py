"""Export and program in, generated sources out: read, assemble, render, write what changed."""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from fomoproc.booklet import assemble
from fomoproc.model import KIND_ORDER, Booklet, Export, Program, Severity
from fomoproc.readers.openreview import read_export
from fomoproc.readers.program import read_program
from fomoproc.writers import bibtex, myst

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


def describe(export: Export, booklet: Booklet) -> list[tuple[Severity, str]]:
    """What an organizer is told about an import: counts, exclusions, then problems."""
    lines = [(Severity.INFO, f"{Path(export.source).name}: {summary(export)}")]
    for exclusion in export.exclusions:
        title = f" {exclusion.title!r}" if exclusion.title else ""
        lines.append((Severity.INFO, f"excluded {exclusion.record}{title}: {exclusion.reason}"))
    lines.extend((p.severity, str(p)) for p in export.problems + booklet.problems)
    return lines


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """What a generation read and wrote."""

    export: Export
    booklet: Booklet
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int

    def describe(self) -> list[tuple[Severity, str]]:
        """Counts, exclusions and problems, as :func:`describe` words them."""
        return describe(self.export, self.booklet)


def render(booklet: Booklet, source: str) -> dict[str, str]:
    """Every generated file, by path relative to the Sphinx source folder."""
    workshop = booklet.program.workshop
    keys = bibtex.assign_keys(booklet.papers, workshop.year)
    files = {
        "papers/index.md": myst.papers_index(booklet, source),
        "program/schedule.md": myst.schedule_page(booklet, source),
        "program/people.md": myst.people_page(booklet, source),
    }
    entries = [bibtex.write([paper], keys, workshop) for paper in booklet.papers]
    files["papers/bib/volume.bib"] = bibtex.join(entries)
    previous = None
    for paper, entry in zip(booklet.papers, entries, strict=True):
        files[f"papers/bib/{paper.id}.bib"] = entry
        files[f"papers/{paper.id}.md"] = myst.paper_page(
            paper, booklet, entry, source, first_of_kind=paper.kind is not previous
        )
        previous = paper.kind
    return files


def read_inputs(export_path: Path, program_path: Path) -> tuple[Program, Export]:
    """The program, then the export filtered by the program's OpenReview group."""
    return _read_inputs(_Input.of(export_path), _Input.of(program_path))


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
# read reuses the first for as long as neither file changes.
@functools.lru_cache(maxsize=2)
def _read_inputs(export: _Input, program_file: _Input) -> tuple[Program, Export]:
    program = read_program(program_file.path)
    return program, read_export(export.path, program.workshop.group_id)


def generate(srcdir: Path, export_path: Path, program_path: Path) -> Report:
    """Write the generated pages into ``srcdir``, touching only files whose content changed."""
    program, export = read_inputs(export_path, program_path)
    booklet = assemble(export, program)
    files = render(booklet, export_path.name)
    written, unchanged = [], 0
    for relative, content in sorted(files.items()):
        target = srcdir / relative
        data = content.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write beside, then rename: a crash never leaves a half-written page.
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(data)
        partial.replace(target)
        written.append(relative)
    removed = []
    for folder in GENERATED_DIRS:
        for path in sorted((srcdir / folder).rglob("*")):
            relative = path.relative_to(srcdir).as_posix()
            if path.is_file() and relative not in files:
                path.unlink()
                removed.append(relative)
    return Report(
        export=export,
        booklet=booklet,
        written=tuple(written),
        removed=tuple(removed),
        unchanged=unchanged,
    )
