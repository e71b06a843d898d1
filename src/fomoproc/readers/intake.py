"""What every reader shares: a format-neutral raw record, and the intake that vets it.

A format module only says where each field of its records is (`Record`); the
`Intake` decides, the same way for every format, whether a record becomes a
paper or an exclusion, normalises its text and reports every problem with the
file, the paper and the field. Nothing here raises on a bad record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import ftfy
import ftfy.chardata

from fomoproc.model import Author, Exclusion, Export, Kind, Paper, Problem, Severity
from fomoproc.text import (
    clean_line,
    clean_paragraphs,
    stray_dollars,
    title_key,
    unbalanced_braces,
    unsafe_math,
)

OPENREVIEW = "https://openreview.net"
FORUM_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_BIBTEX_KEY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")
_CODE_URL = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co)/[^\s)\]>,;\"']+[^\s)\]>,;.\"']"
)
_PROFILE_ID = re.compile(r"~[^\s@/]{1,100}")
_HTTP_URL = re.compile(r"https?://[^\s/]+\S*", flags=re.IGNORECASE)


# UTF-8 read in a legacy encoding shows a lead byte (0xC2-0xF4) and the continuation byte
# after it (0x80-0xBF) as two characters of that encoding, or leaves C1 controls; ftfy also
# repairs a continuation byte lost to U+FFFD, or, after a few lead bytes, a 0xA0 made a
# space. Text with none of these holds no mojibake ftfy could repair, and skipping ftfy
# there saves most of an import's time. (Separate patterns, not one alternation: each is
# searched for its first character's set, three times faster on long text.)
def _charmap(*codes: int) -> str:
    """The characters these bytes are in any of the legacy encodings ftfy undoes."""
    chars = {
        char
        for encoding in ftfy.chardata.CHARMAP_ENCODINGS
        for char in bytes(codes).decode(encoding, errors="ignore")
    }
    return re.escape("".join(sorted(chars)))


_C1_CONTROL = re.compile("[\x80-\x9f]")
_LEAD, _CONTINUATION = _charmap(*range(0xC2, 0xF5)), _charmap(*range(0x80, 0xC0))
_MOJIBAKE_PAIR = re.compile(f"[{_LEAD}][{_CONTINUATION}\ufffd]")
# The lead bytes after which ftfy puts back a 0xA0 made a space (ftfy.chardata's
# ALTERED_UTF8_RE; its other forms have a continuation byte before the space). Any lead
# byte would flag "José " or "– ": 590 texts of a 5,000-paper export, none of them mojibake.
_SPACED_LEAD = _charmap(0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9, 0xE2, 0xE3, 0xF0)
_MOJIBAKE_SPACE = re.compile(f"[{_SPACED_LEAD}] ")
_MAX_FIELD = 100_000  # characters; longer text is cut, and the cut is reported


@dataclass(slots=True, kw_only=True)
class RawAuthor:
    """One author as a file gives them; values are unchecked."""

    name: Any
    profile_id: Any = None
    affiliation: Any = None


@dataclass(slots=True, kw_only=True)
class Record:
    """One record of an export, its values exactly as the file has them (any JSON type)."""

    position: int  # 1-based place in the file, for records with no usable id
    id: Any = None
    number: Any = None
    title: Any = None
    abstract: Any = None
    authors: list[RawAuthor] = field(default_factory=list)
    keywords: Any = None
    tldr: Any = None
    kind_text: Any = None  # free text naming the presentation: venue, decision or status
    kind_field: str = "venue"  # where kind_text came from, for messages
    excluded: str = ""  # why the format says this record is not accepted
    pdf: Any = None
    code: Any = None
    bibtex: Any = None
    openreview_url: Any = None  # when the format has its own; else made from the id
    # Set only by the organizers: their overrides file, or how they read the export.
    kind: Kind | None = None
    session: str = ""
    board: str = ""
    overridden: bool = False
    # Problems the format reader found while mapping (field, severity, message).
    notes: list[tuple[str, Severity, str]] = field(default_factory=list)

    @property
    def record_id(self) -> str:
        """The id an exclusion is listed under."""
        if isinstance(self.id, str) and self.id.strip():
            return clean_line(self.id)[:80]
        return f"record {self.position}"

    @property
    def label(self) -> str:
        """How problems name this record: "#12 (AbCd)", "AbCd" or "record 7"."""
        number = self.number if _is_number(self.number) else None
        return f"#{number} ({self.record_id})" if number is not None else self.record_id


def _is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def kind_from(text: Any) -> Kind | None:
    """The presentation kind a venue, decision or status names, case-insensitively."""
    words = text.casefold() if isinstance(text, str) else ""
    # "spotlightposter" is a spotlight: test the rarer kinds first.
    return next((k for k in (Kind.ORAL, Kind.SPOTLIGHT, Kind.POSTER) if k.value in words), None)


def exclusion_from(text: Any) -> str:
    """ "rejected", "withdrawn" or "desk-rejected" when a decision or status says so, else ""."""
    words = re.sub(r"[\W_]+", " ", text.casefold()) if isinstance(text, str) else ""
    if "withdr" in words:
        return "withdrawn"
    if "desk" in words and "reject" in words:
        return "desk-rejected"
    if "reject" in words:
        return "rejected"
    return ""


def split_list(value: Any, separator: str) -> list[str] | None:
    """A list field that some formats give as one string joined by ``separator``."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(separator)] if value.strip() else []
    if isinstance(value, list):
        return value
    return None


def parallel_authors(names: list[str], ids: list[str], affiliations: list[str]) -> list[RawAuthor]:
    """Authors from parallel lists; ``+`` joins one author's affiliations. The caller
    empties a list whose length differs from ``names`` (it cannot be aligned)."""
    return [
        RawAuthor(
            name=name,
            profile_id=ids[index] if ids else None,
            affiliation="; ".join(a.strip() for a in affiliations[index].split("+") if a.strip())
            if affiliations
            else None,
        )
        for index, name in enumerate(names)
    ]


def cut_cells(row: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, Severity, str]]]:
    """A CSV row with each cell cut to the longest text a field keeps, and a note per cut
    naming its column."""
    notes = [
        (column, Severity.WARNING, f"{len(value):,} characters: cut to the first {_MAX_FIELD:,}")
        for column, value in row.items()
        if len(value) > _MAX_FIELD
    ]
    if not notes:
        return row, notes
    return {column: value[:_MAX_FIELD] for column, value in row.items()}, notes


def whole_number(text: str | None) -> int | None:
    """A paper number written in a CSV cell ("12"), else None (ASCII digits only: "²" is not)."""
    return int(text) if text and text.isascii() and text.isdigit() else None


def not_a_note(position: int) -> Record:
    """The record of something in a notes export that is not a note at all."""
    return Record(
        position=position,
        excluded="not an OpenReview note (no content object)",
        notes=[("content", Severity.ERROR, "not an OpenReview note: no content object")],
    )


class Intake:
    """Turns records into papers, exclusions and problems, remembering what it has seen."""

    def __init__(self, file: str, fmt: str) -> None:
        self.file = file
        self.format = fmt
        self.records = 0
        self.papers: list[Paper] = []
        self.exclusions: list[Exclusion] = []
        self.problems: list[Problem] = []
        self._ids: dict[str, str] = {}
        self._titles: dict[str, str] = {}

    def problem(self, paper: str, field: str, severity: Severity, message: str) -> None:
        """Record a problem in this file."""
        self.problems.append(
            Problem(file=self.file, paper=paper, field=field, severity=severity, message=message)
        )

    def add_all(self, records: Iterable[Record]) -> None:
        """Vet every record."""
        for record in records:
            self.add(record)

    def add(self, record: Record) -> None:
        """Vet one record: it becomes a paper or an exclusion, never nothing."""
        self.records += 1
        label = record.label
        title = self.text(label, "title", record.title, paragraphs=False)
        for name, severity, message in record.notes:
            # What a format noticed about a record left out matters only if it is an error.
            if not record.excluded or severity is Severity.ERROR:
                self.problem(label, name, severity, message)
        if record.excluded:
            self.exclusions.append(
                Exclusion(record=record.record_id, title=title, reason=record.excluded)
            )
            if record.overridden and not record.excluded.startswith("excluded by the organizers"):
                self.problem(
                    label,
                    "overrides",
                    Severity.ERROR,
                    f"this record is {record.excluded}, not an accepted paper: "
                    "its override has no effect",
                )
            return
        forum = record.id.strip() if isinstance(record.id, str) else ""
        if not FORUM_ID.fullmatch(forum):
            self.exclude(record, title, "no usable paper id")
            self.problem(
                label, "id", Severity.ERROR, f"missing or malformed paper id: {record.id!r}"[:200]
            )
            return
        if forum in self._ids:
            self.exclude(record, title, f"duplicate of paper {self._ids[forum]}")
            self.problem(
                label,
                "id",
                Severity.WARNING,
                f"a second record with the id of paper {self._ids[forum]}: only the first is used",
            )
            return
        if not title:
            self.exclude(record, title, "no title")
            self.problem(label, "title", Severity.ERROR, "missing or empty title")
            return
        self._ids[forum] = label
        self.papers.append(self.paper(record, forum, label, title))

    def exclude(self, record: Record, title: str, reason: str) -> None:
        """List the record as not in the booklet, with the reason."""
        self.exclusions.append(Exclusion(record=record.record_id, title=title, reason=reason))

    def paper(self, record: Record, forum: str, label: str, title: str) -> Paper:
        """The accepted paper a vetted record describes, every problem reported."""
        abstract = self.text(label, "abstract", record.abstract, paragraphs=True)
        if not abstract:
            self.problem(label, "abstract", Severity.WARNING, "no abstract: the page shows none")
        self.check_markup(label, title, abstract)
        self.check_duplicate_title(label, title)
        authors = self.authors(label, record.authors)
        for name, given in (("code", record.code), ("pdf", record.pdf)):
            if given is not None and not isinstance(given, str):
                self.problem(
                    label, name, Severity.WARNING, f"expected a link, got {type(given).__name__}"
                )
        abstract_code = _CODE_URL.search(abstract) if "://" in abstract else None
        return Paper(
            id=forum,
            number=record.number if _is_number(record.number) else None,
            title=title,
            authors=authors,
            abstract=abstract,
            kind=record.kind or self.kind(label, record),
            keywords=self.keywords(label, record.keywords),
            tldr=self.text(label, "TLDR", record.tldr, paragraphs=False),
            openreview_url=self.openreview_url(label, forum, record.openreview_url),
            pdf_url=self.pdf_url(label, forum, record.pdf),
            code_url=(
                self.http_url(label, "code", record.code)
                if isinstance(record.code, str) and record.code.strip()
                else (abstract_code.group(0) if abstract_code else "")
            ),
            bibtex_key=_bibtex_key(record.bibtex),
            session=record.session,
            board=record.board,
        )

    def check_markup(self, label: str, title: str, abstract: str) -> None:
        """Math that will show as text, stray dollars, and braces that do not pair."""
        for name, text in (("title", title), ("abstract", abstract)):
            for span in unsafe_math(text):
                self.problem(
                    label,
                    name,
                    Severity.WARNING,
                    f"math shown as text, not typeset (unknown command or unbalanced): ${span}$",
                )
            if stray_dollars(text):
                self.problem(
                    label,
                    name,
                    Severity.WARNING,
                    "unbalanced $: a dollar opens math that never closes, shown as text",
                )
        if unbalanced_braces(title):
            # Text like any other: the pages show the brace, BibTeX spells it as a command.
            self.problem(
                label,
                "title",
                Severity.WARNING,
                "unbalanced { } in the title: shown as typed (a title override can fix it)",
            )

    def check_duplicate_title(self, label: str, title: str) -> None:
        """Two accepted papers with one title are usually one paper submitted twice."""
        key = title_key(title)
        if not key:
            return
        if key in self._titles:
            self.problem(
                label,
                "title",
                Severity.WARNING,
                f"same title as paper {self._titles[key]}: two pages with one title",
            )
        else:
            self._titles[key] = label

    def text(self, label: str, field: str, value: Any, *, paragraphs: bool) -> str:
        """Normalised text of a field; a wrong type or broken encoding is reported."""
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(
                label, field, Severity.WARNING, f"expected text, got {type(value).__name__}"
            )
            return ""
        if len(value) > _MAX_FIELD:
            self.problem(
                label,
                field,
                Severity.WARNING,
                f"{len(value):,} characters: cut to the first {_MAX_FIELD:,}",
            )
            value = value[:_MAX_FIELD]
        mojibake = not value.isascii() and (
            _C1_CONTROL.search(value)
            or _MOJIBAKE_PAIR.search(value)
            or _MOJIBAKE_SPACE.search(value)
        )
        fixed = ftfy.fix_encoding(value) if mojibake else value
        if fixed != value:
            self.problem(label, field, Severity.WARNING, "broken encoding (mojibake) repaired")
        return clean_paragraphs(fixed) if paragraphs else clean_line(fixed)

    def kind(self, label: str, record: Record) -> Kind:
        """Oral, spotlight or poster from the record's venue, decision or status text."""
        found = kind_from(record.kind_text)
        if found is not None:
            return found
        shown = record.kind_text if isinstance(record.kind_text, str) else None
        self.problem(
            label,
            record.kind_field,
            Severity.WARNING,
            f"no oral/spotlight/poster in {shown!r}: listed as a poster",
        )
        return Kind.POSTER

    def authors(self, label: str, raw: list[RawAuthor]) -> tuple[Author, ...]:
        """Authors in order; profile ids and affiliations stay with their own author."""
        authors: list[Author] = []
        seen: set[tuple[str, str]] = set()
        for index, entry in enumerate(raw):
            name = self.text(label, f"authors[{index}]", entry.name, paragraphs=False)
            if not name:
                self.problem(
                    label, f"authors[{index}]", Severity.WARNING, "an author with no name: left out"
                )
                continue
            profile = clean_line(entry.profile_id) if isinstance(entry.profile_id, str) else ""
            # Only OpenReview profile ids ("~First_Last1") are kept; older exports list
            # e-mail addresses there, which a booklet must never publish.
            profile = profile if _PROFILE_ID.fullmatch(profile) else ""
            identity = (profile or name.casefold(), "" if profile else "name")
            if identity in seen:
                self.problem(
                    label,
                    f"authors[{index}]",
                    Severity.WARNING,
                    f"{name} is listed twice (profile {profile})"
                    if profile
                    else f"{name} appears twice, with no profile ids to tell them apart: "
                    "one person listed twice, or two namesakes?",
                )
            seen.add(identity)
            affiliation = entry.affiliation if isinstance(entry.affiliation, str) else ""
            authors.append(
                Author(name=name, profile_id=profile, affiliation=clean_line(affiliation))
            )
        if not authors:
            self.problem(label, "authors", Severity.WARNING, "no authors")
        return tuple(authors)

    def keywords(self, label: str, value: Any) -> tuple[str, ...]:
        """Keywords, in order, without repeats; a string is split on commas or semicolons."""
        if isinstance(value, str):
            value = re.split(r"[;,]", value)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(
                label, "keywords", Severity.WARNING, f"expected a list, got {type(value).__name__}"
            )
            return ()
        words = (self.text(label, "keywords", v, paragraphs=False) for v in value)
        return tuple(dict.fromkeys(w for w in words if w))

    def openreview_url(self, label: str, forum: str, value: Any) -> str:
        """The forum page: the file's own link where it has one, else made from the id."""
        if isinstance(value, str) and value.strip():
            return self.http_url(label, "openreview", value)
        if value is None:
            return f"{OPENREVIEW}/forum?id={forum}"
        return ""

    def pdf_url(self, label: str, forum: str, value: Any) -> str:
        """OpenReview's relative "/pdf/..." becomes its absolute PDF link."""
        if not isinstance(value, str) or not value.strip():
            return ""
        if value.startswith("/pdf"):
            return f"{OPENREVIEW}/pdf?id={forum}"
        return self.http_url(label, "pdf", value)

    def http_url(self, label: str, field: str, value: Any) -> str:
        """An http(s) URL, or "" with a warning: no other scheme is ever linked."""
        url = value.strip() if isinstance(value, str) else ""
        if _HTTP_URL.fullmatch(url):
            return url
        shown = url if len(url) <= 80 else url[:77] + "..."
        self.problem(label, field, Severity.WARNING, f"not an http(s) URL, not linked: {shown!r}")
        return ""

    def export(self, *, problems: Iterable[Problem] = ()) -> Export:
        """Everything read, file-level problems first."""
        return Export(
            source=self.file,
            format=self.format,
            records=self.records,
            papers=tuple(self.papers),
            exclusions=tuple(self.exclusions),
            problems=(*problems, *self.problems),
        )


def _bibtex_key(value: Any) -> str:
    found = _BIBTEX_KEY.match(value.strip()) if isinstance(value, str) else None
    return found.group(1) if found else ""
