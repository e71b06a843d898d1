"""The program file (TOML): the workshop, the day's schedule, speakers, organizers, sponsors.

Every error names the table and field (``schedule[3].speaker``) and, where the file
writes that table with a ``[[schedule]]`` header, its line: tomllib keeps no
positions, so :class:`_Lines` finds them with a scan of the text.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path
from typing import Any

from fomoproc.errors import InputError
from fomoproc.model import SESSION_KINDS, IndexOptions, Person, Program, Slot, SlotKind, Workshop
from fomoproc.readers.files import load_toml
from fomoproc.text import safe_url

_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_ARRAY_HEADER = re.compile(r"\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]\s*(?:#.*)?$")
_TABLE_HEADER = re.compile(r"\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")
_WHERE = re.compile(r"([a-z_]+(?:\[\d+\])?)(?:\.([A-Za-z0-9_-]+))?:")


class _Lines:
    """Line numbers of the tables and keys of a TOML text, found by a scan of its lines.

    Covers what a hand-written program file uses: ``[table]`` and ``[[array]]`` headers
    and ``key = value`` lines (multi-line strings skipped). Inline tables get no line.
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[str, int] = {}
        counts: dict[str, int] = {}
        where = ""
        in_string = ""
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string:
                if line.count(in_string) % 2:
                    in_string = ""
                continue
            if match := _ARRAY_HEADER.match(line):
                name = match.group(1)
                where = f"{name}[{counts.get(name, 0)}]"
                counts[name] = counts.get(name, 0) + 1
                self.lines.setdefault(where, number)
            elif match := _TABLE_HEADER.match(line):
                where = match.group(1)
                self.lines.setdefault(where, number)
            elif match := _KEY.match(line):
                self.lines.setdefault(
                    f"{where}.{match.group(1)}" if where else match.group(1), number
                )
                for quotes in ('"""', "'''"):
                    if line.count(quotes) % 2:
                        in_string = quotes

    def locate(self, error: str) -> str:
        """The error with "line N, " before it when its table or field was found."""
        match = _WHERE.match(error)
        if match is None:
            return error
        table, key = match.group(1), match.group(2)
        if table == "program":  # a top-level key: no table header above it
            table, key = (key or ""), None
        line = self.lines.get(f"{table}.{key}") if key else None
        line = line or self.lines.get(table)
        return f"line {line}, {error}" if line else error


class _Fields:
    """Reads typed fields from one TOML table, collecting every error with its location."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors

    def text(self, table: dict[str, Any], where: str, key: str, *, required: bool = False) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.errors.append(f"{where}.{key}: missing")
            return ""
        if not isinstance(value, str):
            self.errors.append(f"{where}.{key}: expected text, got {type(value).__name__}")
            return ""
        return value.strip()

    def time(
        self, table: dict[str, Any], where: str, key: str, day: dt.datetime
    ) -> dt.datetime | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, dt.time):
            hour, minute = value.hour, value.minute
        elif isinstance(value, str) and (match := _TIME.fullmatch(value.strip())):
            hour, minute = int(match.group(1)), int(match.group(2))
        else:
            self.errors.append(f'{where}.{key}: expected a time like "08:30", got {value!r}')
            return None
        if hour > 23 or minute > 59:
            self.errors.append(f"{where}.{key}: no such time {value!r}")
            return None
        return day.replace(hour=hour, minute=minute)

    def unknown(self, table: dict[str, Any], where: str, allowed: set[str]) -> None:
        for key in sorted(set(table) - allowed):
            self.errors.append(
                f"{where}.{key}: unknown field (expected one of {', '.join(sorted(allowed))})"
            )


_WORKSHOP_KEYS = {
    "short_name",
    "name",
    "conference",
    "openreview_group",
    "date",
    "timezone",
    "venue",
    "room",
    "website",
    "edition",
    "booktitle",
    "bibtex_note",
    "url",
    "paper",
}
#: The PDF's paper sizes a program may ask for.
PAPER_SIZES = ("a4", "letter")
_SLOT_KEYS = {
    *("start", "end", "minutes", "kind", "title", "session", "speaker", "paper"),
    *("papers", "boards"),
}
_PERSON_KEYS = {"id", "name", "affiliation", "url", "photo", "order"}
_SPONSOR_KEYS = {"id", "name", "url", "logo", "order"}
_INDEX_KEYS = {"particles", "family_names"}
_PARTICLES = {"ignore": False, "first": True}
#: The workshop's day: from 1970 (the booklet's date is seconds since then) to a year before
#: the last that Python's dates hold (calendar files reach a year past the day).
FIRST_YEAR, LAST_YEAR = 1970, dt.MAXYEAR - 1
DAY = 24 * 60  # minutes: the longest slot


def read_program(path: Path) -> Program:
    """Read and validate a program file; every error found is listed in one InputError."""
    data = load_toml(path, "the program")
    errors: list[str] = []
    fields = _Fields(errors)
    table = data.get("workshop")
    if not isinstance(table, dict):
        raise InputError(str(path), "missing the [workshop] table")
    workshop = _workshop(table, fields)
    people = {
        group: _people(data.get(group, []), group, fields)
        for group in ("speakers", "panelists", "organizers", "sponsors")
    }
    schedule = _schedule(data.get("schedule", []), workshop, fields)
    speaker_ids = {p.id for p in people["speakers"]}
    for index, slot in enumerate(schedule):
        if slot.speaker and slot.speaker not in speaker_ids:
            errors.append(
                f"schedule[{index}].speaker: unknown speaker {slot.speaker!r} (not in [[speakers]])"
            )
    index_options = _index_options(data.get("author_index", {}), fields)
    fields.unknown(
        data,
        "program",
        {"workshop", "speakers", "panelists", "organizers", "sponsors", "schedule", "author_index"},
    )
    if errors:
        lines = _Lines(path.read_text(encoding="utf-8"))
        raise InputError(str(path), "; ".join(lines.locate(error) for error in errors))
    return Program(
        workshop=workshop,
        schedule=schedule,
        speakers=people["speakers"],
        organizers=people["organizers"],
        panelists=people["panelists"],
        sponsors=people["sponsors"],
        author_index=index_options,
        source=str(path),
    )


def _index_options(table: Any, fields: _Fields) -> IndexOptions:
    if not isinstance(table, dict):
        fields.errors.append("author_index: expected a table")
        return IndexOptions()
    fields.unknown(table, "author_index", _INDEX_KEYS)
    particles = fields.text(table, "author_index", "particles") or "ignore"
    if particles not in _PARTICLES:
        fields.errors.append(
            f'author_index.particles: expected "ignore" (van Breugel under B) or '
            f'"first" (under V), got {particles!r}'
        )
    names = table.get("family_names", {})
    pairs: list[tuple[str, str]] = []
    if not isinstance(names, dict) or not all(
        isinstance(v, str) and v.strip() for v in names.values()
    ):
        fields.errors.append(
            "author_index.family_names: expected a table of names, "
            'like { "~Thi_Huong_Nguyen1" = "Nguyễn" }'
        )
    else:
        pairs = sorted((str(k).strip(), str(v).strip()) for k, v in names.items())
    return IndexOptions(particles_first=_PARTICLES.get(particles, False), family_names=tuple(pairs))


def _workshop(table: dict[str, Any], fields: _Fields) -> Workshop:
    fields.unknown(table, "workshop", _WORKSHOP_KEYS)
    date = table.get("date")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        fields.errors.append(f"workshop.date: expected a date like 2025-07-19, got {date!r}")
        date = dt.date(1970, 1, 1)
    elif not FIRST_YEAR <= date.year <= LAST_YEAR:
        # The booklet is dated by seconds since 1970; calendars reach a year past the day.
        fields.errors.append(
            f"workshop.date: {date} is out of range (years {FIRST_YEAR} to {LAST_YEAR})"
        )
        date = dt.date(1970, 1, 1)
    zone = fields.text(table, "workshop", "timezone", required=True)
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        fields.errors.append(f"workshop.timezone: unknown IANA time zone {zone!r}")
        zone = "UTC"
    edition = table.get("edition")
    if edition is not None and (
        not isinstance(edition, int) or isinstance(edition, bool) or edition < 1
    ):
        fields.errors.append(f"workshop.edition: expected a whole number like 3, got {edition!r}")
        edition = None
    url = fields.text(table, "workshop", "url")
    if url and not safe_url(url):
        fields.errors.append(f"workshop.url: expected the booklet's http(s) address, got {url!r}")
        url = ""
    paper = fields.text(table, "workshop", "paper").casefold() or "a4"
    if paper not in PAPER_SIZES:
        fields.errors.append(
            f'workshop.paper: expected "a4" or "letter" (the PDF\'s paper size), got '
            f"{table['paper']!r}"
        )
        paper = "a4"
    # Absent means the default wording; "" means no note at all.
    note = fields.text(table, "workshop", "bibtex_note") if "bibtex_note" in table else None
    return Workshop(
        short_name=fields.text(table, "workshop", "short_name", required=True),
        name=fields.text(table, "workshop", "name", required=True),
        conference=fields.text(table, "workshop", "conference", required=True),
        group_id=fields.text(table, "workshop", "openreview_group", required=True),
        date=date,
        timezone=zone,
        venue=fields.text(table, "workshop", "venue"),
        room=fields.text(table, "workshop", "room"),
        website=fields.text(table, "workshop", "website"),
        edition=edition,
        url=safe_url(url) if url else "",
        booktitle=fields.text(table, "workshop", "booktitle"),
        bibtex_note="Non-archival" if note is None else note,
        paper=paper,
    )


def _people(items: Any, group: str, fields: _Fields) -> tuple[Person, ...]:
    if not isinstance(items, list):
        fields.errors.append(f"{group}: expected a list of [[{group}]] tables")
        return ()
    people: list[Person] = []
    photo_key = "logo" if group == "sponsors" else "photo"
    for index, item in enumerate(items):
        where = f"{group}[{index}]"
        if not isinstance(item, dict):
            fields.errors.append(f"{where}: expected a table")
            continue
        fields.unknown(item, where, _SPONSOR_KEYS if group == "sponsors" else _PERSON_KEYS)
        name = fields.text(item, where, "name", required=True)
        order = item.get("order")
        if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
            fields.errors.append(f"{where}.order: expected a whole number, got {order!r}")
            order = None
        people.append(
            Person(
                id=fields.text(item, where, "id") or name,
                name=name,
                affiliation=fields.text(item, where, "affiliation"),
                url=fields.text(item, where, "url"),
                photo=fields.text(item, where, photo_key),
                order=order,
            )
        )
    seen: set[str] = set()
    for person in people:
        if person.id in seen:
            fields.errors.append(f"{group}: the id {person.id!r} is used twice")
        seen.add(person.id)
    # Sorted by `order`, ties and people without one in the file's order (sorted() is stable).
    return tuple(sorted(people, key=lambda p: (p.order is None, p.order or 0)))


def _schedule(items: Any, workshop: Workshop, fields: _Fields) -> tuple[Slot, ...]:
    if not isinstance(items, list):
        fields.errors.append("schedule: expected a list of [[schedule]] tables")
        return ()
    day = dt.datetime.combine(workshop.date, dt.time(0, 0), zoneinfo.ZoneInfo(workshop.timezone))
    kinds = {k.value: k for k in SlotKind}
    raw: list[tuple[str, dict[str, Any], dt.datetime]] = []
    for index, item in enumerate(items):
        where = f"schedule[{index}]"
        if not isinstance(item, dict):
            fields.errors.append(f"{where}: expected a table")
            continue
        fields.unknown(item, where, _SLOT_KEYS)
        start = fields.time(item, where, "start", day)
        if start is None:
            if "start" not in item:
                fields.errors.append(f"{where}.start: missing")
            continue
        raw.append((where, item, start))
    slots: list[Slot] = []
    for position, (where, item, start) in enumerate(raw):
        end = fields.time(item, where, "end", day)
        minutes = item.get("minutes")
        if minutes is not None and (
            not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= DAY
        ):
            fields.errors.append(
                f"{where}.minutes: expected a whole number of minutes from 1 to {DAY}, "
                f"got {minutes!r}"[:200]
            )
        elif end is None and minutes is not None:
            end = start + dt.timedelta(minutes=minutes)
        if end is None and position + 1 < len(raw):
            end = raw[position + 1][2]  # runs until the next slot starts
        if end is not None and end <= start:
            fields.errors.append(f"{where}: ends ({end:%H:%M}) before it starts ({start:%H:%M})")
        kind_name = fields.text(item, where, "kind", required=True)
        if kind_name and kind_name not in kinds:
            fields.errors.append(
                f"{where}.kind: unknown kind {kind_name!r} (expected one of {', '.join(kinds)})"
            )
        kind = kinds.get(kind_name, SlotKind.BREAK)
        papers = _ids(item.get("papers"), f"{where}.papers", fields)
        boards, number_boards = _boards(item.get("boards"), f"{where}.boards", fields)
        if (papers or "papers" in item) and kind not in SESSION_KINDS:
            fields.errors.append(
                f"{where}.papers: only a spotlight-session or poster-session lists papers "
                '(a talk names its one paper with `paper = "..."`)'
            )
        if (boards or number_boards) and kind is not SlotKind.POSTER_SESSION:
            fields.errors.append(f"{where}.boards: only a poster-session has boards")
        slots.append(
            Slot(
                start=start,
                end=end,
                kind=kind,
                title=fields.text(item, where, "title"),
                session=fields.text(item, where, "session"),
                speaker=fields.text(item, where, "speaker"),
                paper=fields.text(item, where, "paper"),
                papers=papers,
                boards=boards,
                number_boards=number_boards,
            )
        )
    for (where, _, _), before, after in zip(raw[1:], slots, slots[1:], strict=False):
        if after.start < before.start:
            fields.errors.append(
                f"{where}: starts before the slot above it; keep the schedule in time order"
            )
        elif before.end is not None and before.end > after.start:
            fields.errors.append(
                f"{where}: overlaps the slot above it (which ends {before.end:%H:%M})"
            )
    return tuple(slots)


def _ids(value: Any, where: str, fields: _Fields) -> tuple[str, ...]:
    """A list of forum ids: ``papers = ["AbCd", "EfGh"]``."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        fields.errors.append(f'{where}: expected a list of paper ids, like ["q7XbT2mLkP"]')
        return ()
    ids = [v.strip() for v in value]
    twice = sorted({v for v in ids if ids.count(v) > 1})
    if twice:
        fields.errors.append(f"{where}: {', '.join(twice)} listed twice")
    return tuple(dict.fromkeys(ids))


def _boards(value: Any, where: str, fields: _Fields) -> tuple[tuple[tuple[str, str], ...], bool]:
    """A poster session's boards: "auto" (numbered by paper number), or a table of forum id
    and board (``{ AbCd = "12" }``), whose other posters get none."""
    if value is None:
        return (), False
    if value == "auto":
        return (), True
    valid = isinstance(value, dict) and all(
        isinstance(board, str | int) and not isinstance(board, bool) and str(board).strip()
        for board in value.values()
    )
    if not valid:
        fields.errors.append(
            f'{where}: expected "auto" or a table of paper id and board, '
            'like { q7XbT2mLkP = "12" }'
        )
        return (), False
    return tuple(sorted((str(k).strip(), str(v).strip()) for k, v in value.items())), False
