"""Readers: one module per input format, each turning a file into model values.

A reader never crashes on a bad record and never skips one silently: the record
becomes an :class:`~fomoproc.model.Exclusion` or a :class:`~fomoproc.model.Problem`.
Only a file that cannot be used at all raises :class:`~fomoproc.errors.InputError`.
:func:`read_export` detects the format (or takes the one given), maps each record
with its format's module, applies the organizers' overrides and vets every record
in :class:`~fomoproc.readers.intake.Intake`, the same way for every format.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fomoproc.errors import InputError
from fomoproc.model import Export, Problem, Severity
from fomoproc.readers import openreview, openreview_v1, paperlists, pc_console, spreadsheet
from fomoproc.readers.files import decode, load_csv, load_json, read_bytes
from fomoproc.readers.intake import Intake, Record
from fomoproc.readers.overrides import apply, read_overrides

#: Every format, by the name ``--format`` takes.
FORMATS = {
    "openreview": 'OpenReview API v2 notes (JSON list, {"notes": [...]} or JSON Lines)',
    "openreview-v1": "OpenReview API v1 notes, decisions as reply notes",
    "paperlists": "paperlists JSON (papercopilot/paperlists)",
    "paperlists-workshop": "paperlists JSON, with status Workshop (a workshop track) as posters",
    "pc-console": "OpenReview program-chair console Paper Status CSV (with --notes)",
    "spreadsheet": "plain CSV with the documented columns",
}


_JSON_START = re.compile(rb"[ \t\r\n]*[\[{]")


@dataclass
class _File:
    """An input file's bytes, decoded and parsed as JSON once however many steps look at it
    (and a JSON export not decoded at all: its JSON is read from the bytes)."""

    path: Path
    data: bytes

    @functools.cached_property
    def text(self) -> str:
        return decode(self.path, self.data)

    def is_json(self) -> bool:
        if _JSON_START.match(self.data):
            return True
        return self.text.lstrip().startswith(("[", "{"))  # after a byte-order mark, say

    @functools.cached_property
    def json(self) -> Any:
        return load_json(self.path, data=self.data)


def detect(path: Path, text: str) -> str:
    """The format of a file, from its content (and, for CSV, its header)."""
    return _detect(_File(path, text.encode()))


def _detect(file: _File) -> str:
    path = file.path
    if file.is_json():
        data = file.json
        if openreview_v1.is_crawl(data):
            return "openreview-v1"
        items = openreview.notes_of(data)
        if items is None:
            raise InputError(str(path), "unknown format: JSON, but not a list of records")
        if not items:
            return "openreview"
        if any(isinstance(i, dict) and isinstance(i.get("content"), dict) for i in items[:50]):
            return "openreview" if openreview.is_v2(items) else "openreview-v1"
        if paperlists.looks_like(items):
            return "paperlists"
        raise InputError(
            str(path),
            "unknown format: JSON records that are neither OpenReview notes nor paperlists",
        )
    header, _ = load_csv(path, file.text)
    if pc_console.looks_like(header):
        return "pc-console"
    if spreadsheet.looks_like(header):
        return "spreadsheet"
    raise InputError(
        str(path),
        "unknown format: not JSON, and not a CSV with the columns of the program-chair "
        f"console ({', '.join(pc_console.REQUIRED)}) "
        f"or of a spreadsheet ({', '.join(spreadsheet.REQUIRED)})",
    )


def read_export(
    path: Path,
    group_id: str = "",
    *,
    fmt: str = "",
    notes: Path | None = None,
    overrides: Path | None = None,
) -> Export:
    """Read an export of any format; with OpenReview notes, ``group_id`` names the accepted ones.

    Without a group id, the notes' own venue is used (their ``domain``, or the
    most common ``venueid``).
    """
    file = _File(path, read_bytes(path))
    fmt = fmt or _detect(file)
    if fmt not in FORMATS:
        raise InputError(str(path), f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    problems: list[Problem] = []

    def note(severity: Severity, field: str, message: str) -> None:
        problems.append(
            Problem(file=str(path), paper="", field=field, severity=severity, message=message)
        )

    records = _records(file, fmt, group_id=group_id, notes=notes, note=note)
    if overrides is not None:
        problems.extend(apply(read_overrides(overrides), records))
    intake = Intake(str(path), fmt)
    intake.add_all(records)
    if records and not intake.papers and fmt in {"openreview", "openreview-v1"} and group_id:
        found = openreview.infer_group(_json_items(file, fmt))
        if found and found != group_id:
            note(
                Severity.ERROR,
                "venueid",
                f"no record is an accepted paper of {group_id}; the notes are of {found}: "
                "is this the export of the program's workshop?",
            )
    return intake.export(problems=problems)


def _json_items(file: _File, fmt: str) -> list[Any]:
    path, data = file.path, file.json
    items = openreview_v1.notes_of(data) if fmt == "openreview-v1" else openreview.notes_of(data)
    if items is None:
        raise InputError(str(path), f"not {FORMATS[fmt]}: expected a list of records")
    return items


def _records(
    file: _File,
    fmt: str,
    *,
    group_id: str,
    notes: Path | None,
    note: Callable[[Severity, str, str], None],
) -> list[Record]:
    path, text = file.path, file.text
    if fmt in {"pc-console", "spreadsheet"}:
        if file.is_json():
            raise InputError(str(path), f"not {FORMATS[fmt]}: this is a JSON file")
        header, rows = load_csv(path, text)
        if fmt == "spreadsheet":
            missing = [c for c in spreadsheet.REQUIRED if c not in header]
            if missing:
                raise InputError(str(path), f"no {', '.join(missing)} column in the header")
            ignored = [c for c in header if c not in spreadsheet.COLUMNS]
            if ignored:
                note(Severity.INFO, "header", f"columns ignored: {', '.join(ignored)}")
            return spreadsheet.records(rows)
        missing = [c for c in pc_console.REQUIRED if c not in header]
        if missing:
            raise InputError(str(path), f"no {', '.join(missing)} column in the header")
        if notes is None:
            note(
                Severity.WARNING,
                "authors",
                "the console's CSV has no authors: give the notes export with --notes",
            )
            return pc_console.records(rows, None)
        by_id = {r.id: r for r in _notes_records(notes, group_id) if isinstance(r.id, str)}
        return pc_console.records(rows, by_id)
    items = _json_items(file, fmt)
    if fmt in {"paperlists", "paperlists-workshop"}:
        found = paperlists.records(items, workshop_posters=fmt == "paperlists-workshop")
        track = sum(1 for r in found if r.excluded == paperlists.WORKSHOP)
        if track:
            note(
                Severity.INFO,
                "status",
                f"{track} records have status Workshop, a conference's invitation to its "
                "workshop track: excluded; --format paperlists-workshop takes them as posters",
            )
        return found
    group = group_id or openreview.infer_group(items)
    if fmt == "openreview":
        return openreview.records(items, group)
    found, replies = openreview_v1.records(items, group)
    if replies:
        note(Severity.INFO, "", f"{replies} reply notes read for decisions (not records)")
    return found


def _notes_records(path: Path, group_id: str) -> list[Record]:
    file = _File(path, read_bytes(path))
    fmt = _detect(file)
    if fmt not in {"openreview", "openreview-v1"}:
        raise InputError(str(path), f"--notes must be OpenReview notes, not {FORMATS[fmt]}")
    items = _json_items(file, fmt)
    group = group_id or openreview.infer_group(items)
    if fmt == "openreview":
        return openreview.records(items, group)
    return openreview_v1.records(items, group)[0]
