"""The organizers' corrections: ``papers/overrides.toml``, one table per paper, by forum id.

    [papers.AbCdEf1234]
    title = "A Title Fixed by the Organizers"   # any of the fields below
    code = "https://github.com/org/repo"
    kind = "oral"                               # oral, spotlight or poster
    session = "Poster session 1"
    board = "17"

Fields: ``title``, ``abstract``, ``tldr``, ``keywords`` (a list), ``code``,
``pdf``, ``kind``, ``session``, ``board``, and ``exclude`` (a reason: the paper
is listed as excluded with it). Overridden values are vetted like the export's
own. An override for a paper the export does not have is an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fomoproc.errors import InputError
from fomoproc.model import Kind, Problem, Severity
from fomoproc.readers.files import load_toml
from fomoproc.readers.intake import FORUM_ID, Record

_TEXT_FIELDS = ("title", "abstract", "tldr", "code", "pdf", "session", "board", "exclude")
FIELDS = (*_TEXT_FIELDS, "keywords", "kind")


@dataclass(frozen=True, slots=True)
class Overrides:
    """The overrides of one file, by forum id."""

    file: str
    papers: dict[str, dict[str, Any]]


def read_overrides(path: Path) -> Overrides:
    """Read and validate the overrides file; every mistake is named in one InputError."""
    data = load_toml(path, "the overrides")
    errors = [
        f"unknown table or key {key!r} (expected [papers.ID])" for key in data if key != "papers"
    ]
    papers = data.get("papers", {})
    if not isinstance(papers, dict):
        raise InputError(str(path), "papers must be tables: [papers.ID]")
    for forum, fields in papers.items():
        where = f"papers.{forum}"
        if not FORUM_ID.fullmatch(forum):
            errors.append(f"{where}: not a paper id")
        if not isinstance(fields, dict):
            errors.append(f"{where}: must be a table of fields")
            continue
        for name, given in fields.items():
            if name not in FIELDS:
                errors.append(f"{where}.{name}: unknown field (known: {', '.join(FIELDS)})")
            elif name == "keywords":
                if not (isinstance(given, list) and all(isinstance(k, str) for k in given)):
                    errors.append(f"{where}.keywords: must be a list of strings")
            elif name == "kind":
                if given not in {k.value for k in Kind}:
                    errors.append(f"{where}.kind: {given!r} is not oral, spotlight or poster")
            elif not isinstance(given, str) or (name in {"title", "exclude"} and not given.strip()):
                errors.append(f"{where}.{name}: must be a non-empty string")
    if errors:
        raise InputError(str(path), "; ".join(errors))
    return Overrides(file=str(path), papers=papers)


def apply(overrides: Overrides, records: Iterable[Record]) -> list[Problem]:
    """Set overridden fields on the records they name; an unknown id is an error."""
    seen: set[str] = set()
    for record in records:
        forum = record.id.strip() if isinstance(record.id, str) else ""
        fields = overrides.papers.get(forum)
        if fields is None or forum in seen:
            continue
        seen.add(forum)
        record.overridden = True
        for name, given in fields.items():
            if name == "kind":
                record.kind = Kind(given)
            elif name == "exclude":
                record.excluded = f"excluded by the organizers: {given.strip()}"
            elif name in {"session", "board"}:
                setattr(record, name, given.strip())
            else:
                setattr(record, name, given)
    return [
        Problem(
            file=overrides.file,
            paper=forum,
            field=f"papers.{forum}",
            severity=Severity.ERROR,
            message="no record with this id in the export: the override cannot apply",
        )
        for forum in sorted(set(overrides.papers) - seen)
    ]
