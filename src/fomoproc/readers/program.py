"""The program file (TOML): the workshop, the day's schedule, speakers and organizers."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import zoneinfo
from pathlib import Path
from typing import Any

from fomoproc.errors import InputError
from fomoproc.model import Person, Program, Slot, SlotKind, Workshop

_TIME = re.compile(r"(\d{1,2}):(\d{2})")


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
    "booktitle",
    "bibtex_note",
}
_SLOT_KEYS = {"start", "end", "minutes", "kind", "title", "session", "speaker", "paper"}
_PERSON_KEYS = {"id", "name", "affiliation", "url"}


def read_program(path: Path) -> Program:
    """Read and validate a program file; every error found is listed in one InputError."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(str(path), f"cannot read the program: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"not valid TOML: {err}") from None
    errors: list[str] = []
    fields = _Fields(errors)
    table = data.get("workshop")
    if not isinstance(table, dict):
        raise InputError(str(path), "missing the [workshop] table")
    workshop = _workshop(table, fields)
    people = {
        group: _people(data.get(group, []), group, fields) for group in ("speakers", "organizers")
    }
    schedule = _schedule(data.get("schedule", []), workshop, fields)
    speaker_ids = {p.id for p in people["speakers"]}
    for index, slot in enumerate(schedule):
        if slot.speaker and slot.speaker not in speaker_ids:
            errors.append(
                f"schedule[{index}].speaker: unknown speaker {slot.speaker!r} (not in [[speakers]])"
            )
    fields.unknown(data, "program", {"workshop", "speakers", "organizers", "schedule"})
    if errors:
        raise InputError(str(path), "; ".join(errors))
    return Program(
        workshop=workshop,
        schedule=schedule,
        speakers=people["speakers"],
        organizers=people["organizers"],
        source=str(path),
    )


def _workshop(table: dict[str, Any], fields: _Fields) -> Workshop:
    fields.unknown(table, "workshop", _WORKSHOP_KEYS)
    date = table.get("date")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        fields.errors.append(f"workshop.date: expected a date like 2025-07-19, got {date!r}")
        date = dt.date(1970, 1, 1)
    zone = fields.text(table, "workshop", "timezone", required=True)
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        fields.errors.append(f"workshop.timezone: unknown IANA time zone {zone!r}")
        zone = "UTC"
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
        booktitle=fields.text(table, "workshop", "booktitle"),
        bibtex_note="Non-archival" if note is None else note,
    )


def _people(items: Any, group: str, fields: _Fields) -> tuple[Person, ...]:
    if not isinstance(items, list):
        fields.errors.append(f"{group}: expected a list of [[{group}]] tables")
        return ()
    people: list[Person] = []
    for index, item in enumerate(items):
        where = f"{group}[{index}]"
        if not isinstance(item, dict):
            fields.errors.append(f"{where}: expected a table")
            continue
        fields.unknown(item, where, _PERSON_KEYS)
        name = fields.text(item, where, "name", required=True)
        people.append(
            Person(
                id=fields.text(item, where, "id") or name,
                name=name,
                affiliation=fields.text(item, where, "affiliation"),
                url=fields.text(item, where, "url"),
            )
        )
    seen: set[str] = set()
    for person in people:
        if person.id in seen:
            fields.errors.append(f"{group}: the id {person.id!r} is used twice")
        seen.add(person.id)
    return tuple(people)


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
        if end is None and isinstance(minutes, int) and not isinstance(minutes, bool):
            end = start + dt.timedelta(minutes=minutes)
        elif minutes is not None and not isinstance(minutes, int):
            fields.errors.append(f"{where}.minutes: expected a whole number of minutes")
        if end is None and position + 1 < len(raw):
            end = raw[position + 1][2]  # runs until the next slot starts
        if end is not None and end <= start:
            fields.errors.append(f"{where}: ends ({end:%H:%M}) before it starts ({start:%H:%M})")
        kind_name = fields.text(item, where, "kind", required=True)
        if kind_name and kind_name not in kinds:
            fields.errors.append(
                f"{where}.kind: unknown kind {kind_name!r} (expected one of {', '.join(kinds)})"
            )
        slots.append(
            Slot(
                start=start,
                end=end,
                kind=kinds.get(kind_name, SlotKind.BREAK),
                title=fields.text(item, where, "title"),
                session=fields.text(item, where, "session"),
                speaker=fields.text(item, where, "speaker"),
                paper=fields.text(item, where, "paper"),
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
