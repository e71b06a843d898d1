"""OpenReview API v2 notes: a JSON list, the raw ``{"notes": [...]}`` response, or JSON Lines."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import ftfy

from fomoproc.errors import InputError
from fomoproc.model import Author, Exclusion, Export, Kind, Paper, Problem, Severity
from fomoproc.text import clean_line, clean_paragraphs, unsafe_math

OPENREVIEW = "https://openreview.net"
_FORUM_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_BIBTEX_KEY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")
_CODE_URL = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co)/[^\s)\]>,;\"']+[^\s)\]>,;.\"']"
)
# Where venueid is not the workshop's, its last part says why.
_EXCLUDED_SUFFIXES = {
    "Rejected_Submission": "rejected",
    "Withdrawn_Submission": "withdrawn",
    "Desk_Rejected_Submission": "desk-rejected",
}


def load_notes(path: Path) -> list[Any]:
    """The records of an export file, as parsed JSON values."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(str(path), f"cannot read the export: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise InputError(str(path), f"not UTF-8 text (byte {err.start})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        lines = [line for line in raw.splitlines() if line.strip()]
        if len(lines) > 1:
            return _json_lines(path, lines)
        raise InputError(str(path), f"not JSON: {err.msg} at line {err.lineno}") from None
    if isinstance(data, dict) and isinstance(data.get("notes"), list):
        return list(data["notes"])
    if isinstance(data, list):
        return data
    raise InputError(str(path), 'expected a JSON list of notes or an object with "notes"')


def _json_lines(path: Path, lines: list[str]) -> list[Any]:
    notes = []
    for number, line in enumerate(lines, 1):
        try:
            notes.append(json.loads(line))
        except json.JSONDecodeError as err:
            raise InputError(str(path), f"line {number} is not JSON: {err.msg}") from None
    return notes


def read_export(path: Path, group_id: str) -> Export:
    """Read an OpenReview v2 export; only notes whose venueid is ``group_id`` become papers."""
    notes = load_notes(path)
    reader = _Reader(str(path), group_id)
    for position, note in enumerate(notes, 1):
        reader.read(position, note)
    return Export(
        source=str(path),
        records=len(notes),
        papers=tuple(reader.papers),
        exclusions=tuple(reader.exclusions),
        problems=tuple(reader.problems),
    )


def _value(content: dict[str, Any], name: str) -> Any:
    """A content field, unwrapped from v2's ``{"value": ...}``."""
    item = content.get(name)
    if isinstance(item, dict) and "value" in item:
        return item["value"]
    return item


class _Reader:
    """Turns notes into papers, exclusions and problems, remembering ids seen."""

    def __init__(self, file: str, group_id: str) -> None:
        self.file = file
        self.group_id = group_id
        self.papers: list[Paper] = []
        self.exclusions: list[Exclusion] = []
        self.problems: list[Problem] = []
        self._seen: dict[str, str] = {}

    def problem(self, paper: str, field: str, severity: Severity, message: str) -> None:
        self.problems.append(
            Problem(file=self.file, paper=paper, field=field, severity=severity, message=message)
        )

    def exclude(self, record: str, title: str, reason: str) -> None:
        self.exclusions.append(Exclusion(record=record, title=title, reason=reason))

    def read(self, position: int, note: Any) -> None:
        if not isinstance(note, dict) or not isinstance(note.get("content"), dict):
            self.exclude(f"record {position}", "", "not an OpenReview note (no content object)")
            self.problem(f"record {position}", "content", Severity.ERROR, "not a note")
            return
        content: dict[str, Any] = note["content"]
        raw_id = note.get("forum") or note.get("id")
        number = note.get("number") if isinstance(note.get("number"), int) else None
        record = str(raw_id) if isinstance(raw_id, str) and raw_id else f"record {position}"
        label = f"#{number} ({record})" if number is not None else record
        title = self.text(label, "title", _value(content, "title"), paragraphs=False)

        venueid = _value(content, "venueid")
        if venueid != self.group_id:
            self.exclude(record, title, self.not_accepted_reason(venueid))
            return
        if not isinstance(raw_id, str) or not _FORUM_ID.fullmatch(raw_id):
            self.exclude(record, title, "no usable forum id")
            self.problem(label, "forum", Severity.ERROR, "missing or malformed forum id")
            return
        if raw_id in self._seen:
            self.exclude(record, title, f"duplicate of paper {self._seen[raw_id]}")
            self.problem(label, "forum", Severity.ERROR, f"duplicate of {self._seen[raw_id]}")
            return
        if not title:
            self.exclude(record, title, "no title")
            self.problem(label, "title", Severity.ERROR, "missing or empty title")
            return
        self._seen[raw_id] = label

        abstract = self.text(label, "abstract", _value(content, "abstract"), paragraphs=True)
        if not abstract:
            self.problem(label, "abstract", Severity.WARNING, "no abstract: the page shows none")
        for name, text in (("title", title), ("abstract", abstract)):
            for span in unsafe_math(text):
                self.problem(
                    label, name, Severity.WARNING, f"math shown as text, not typeset: ${span}$"
                )
        self.papers.append(
            Paper(
                id=raw_id,
                number=number,
                title=title,
                authors=self.authors(label, content),
                abstract=abstract,
                kind=self.kind(label, _value(content, "venue")),
                keywords=self.keywords(label, _value(content, "keywords")),
                tldr=self.text(label, "TLDR", _value(content, "TLDR"), paragraphs=False),
                openreview_url=f"{OPENREVIEW}/forum?id={raw_id}",
                pdf_url=self.pdf_url(label, raw_id, _value(content, "pdf")),
                code_url=self.code_url(label, _value(content, "code"), abstract),
                bibtex_key=self.bibtex_key(_value(content, "_bibtex")),
            )
        )

    def not_accepted_reason(self, venueid: Any) -> str:
        if not isinstance(venueid, str) or not venueid:
            return "no venueid: not a decided submission of this venue"
        group, _, suffix = venueid.rpartition("/")
        if group == self.group_id and suffix in _EXCLUDED_SUFFIXES:
            return _EXCLUDED_SUFFIXES[suffix]
        return f"not in this venue (venueid {venueid})"

    def text(self, label: str, field: str, value: Any, *, paragraphs: bool) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(
                label, field, Severity.WARNING, f"expected text, got {type(value).__name__}"
            )
            return ""
        fixed = ftfy.fix_encoding(value)
        if fixed != value:
            self.problem(label, field, Severity.INFO, "broken encoding (mojibake) repaired")
        return clean_paragraphs(fixed) if paragraphs else clean_line(fixed)

    def kind(self, label: str, venue: Any) -> Kind:
        words = venue.casefold() if isinstance(venue, str) else ""
        # "spotlightposter" is a spotlight: test the rarer kinds first.
        for kind in (Kind.ORAL, Kind.SPOTLIGHT, Kind.POSTER):
            if kind.value in words:
                return kind
        self.problem(
            label,
            "venue",
            Severity.WARNING,
            f"no oral/spotlight/poster in {venue!r}: listed as a poster",
        )
        return Kind.POSTER

    def authors(self, label: str, content: dict[str, Any]) -> tuple[Author, ...]:
        names = _value(content, "authors")
        if not isinstance(names, list):
            names = []
        ids = _value(content, "authorids")
        ids = ids if isinstance(ids, list) else []
        authors: list[Author] = []
        for index, entry in enumerate(names):
            if isinstance(entry, dict):
                name = entry.get("fullname")
                profile = entry.get("username") or ""
                institutions = entry.get("institutions") or []
                affiliation = "; ".join(
                    str(i.get("name"))
                    for i in institutions
                    if isinstance(i, dict) and i.get("name")
                )
            else:
                name, affiliation = entry, ""
                profile = ids[index] if index < len(ids) else ""
            clean = self.text(label, f"authors[{index}]", name, paragraphs=False)
            if clean:
                authors.append(
                    Author(
                        name=clean,
                        profile_id=clean_line(profile) if isinstance(profile, str) else "",
                        affiliation=clean_line(affiliation),
                    )
                )
        if ids and names and not isinstance(names[0], dict) and len(ids) != len(names):
            self.problem(
                label,
                "authorids",
                Severity.WARNING,
                f"{len(names)} authors but {len(ids)} author ids",
            )
        if not authors:
            self.problem(label, "authors", Severity.WARNING, "no authors")
        return tuple(authors)

    def keywords(self, label: str, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list):
            return ()
        words = (self.text(label, "keywords", v, paragraphs=False) for v in value)
        return tuple(dict.fromkeys(w for w in words if w))

    def pdf_url(self, label: str, forum: str, value: Any) -> str:
        if not isinstance(value, str) or not value:
            return ""
        if value.startswith("/pdf"):
            return f"{OPENREVIEW}/pdf?id={forum}"
        return self.http_url(label, "pdf", value)

    def code_url(self, label: str, value: Any, abstract: str) -> str:
        if isinstance(value, str) and value.strip():
            return self.http_url(label, "code", value)
        found = _CODE_URL.search(abstract)
        return found.group(0) if found else ""

    def http_url(self, label: str, field: str, value: str) -> str:
        url = value.strip()
        if re.fullmatch(r"https?://[^\s/]+\S*", url, flags=re.IGNORECASE):
            return url
        self.problem(label, field, Severity.WARNING, f"not an http(s) URL, not linked: {url!r}")
        return ""

    @staticmethod
    def bibtex_key(value: Any) -> str:
        found = _BIBTEX_KEY.match(value.strip()) if isinstance(value, str) else None
        return found.group(1) if found else ""
