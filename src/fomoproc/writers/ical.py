"""Calendar files (iCalendar, RFC 5545): the whole program and one file per talk.

Times are written as wall-clock times with the workshop's ``TZID`` and a
``VTIMEZONE`` built from the IANA database, so a calendar shows each talk at
the right instant wherever its reader is. Every value is deterministic: UIDs
name what a slot is (its paper, its speaker, or its kind and rank), not when it
is, so moving a talk updates the event instead of adding one; ``DTSTAMP`` is
derived from the program (the workshop's day, 00:00 UTC), never from the clock.
icalendar escapes text values itself; text here is plain Unicode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from icalendar import Calendar, Event, Timezone

from fomoproc import __version__
from fomoproc.model import Booklet, Program, Slot, SlotKind
from fomoproc.places import slot_anchor, slug, speaker_anchors, unique_slugs
from fomoproc.text import clean_line, plain, safe_url

PRODID = f"-//fomoproc//fomoproc {__version__}//EN"
PROGRAM_FILE = "calendar/program.ics"

#: Slots that get a calendar file of their own: the ones a reader may want to attend.
TALK_KINDS = frozenset(
    {
        SlotKind.INVITED_TALK,
        SlotKind.ORAL,
        SlotKind.SPOTLIGHT_SESSION,
        SlotKind.POSTER_SESSION,
        SlotKind.PANEL,
    }
)


def slot_keys(booklet: Booklet) -> dict[int, str]:
    """What each slot is, as a file-name-safe word: "oral-q7XbT2mLkP", "invited-talk-lupesko".

    A slot is named by its paper, else its speaker, else its kind and rank among slots of
    that kind; a name used again (a speaker's second talk) gets ".2", ".3" in schedule
    order, which no other name has (slugs and forum ids hold no dot).
    """
    program = booklet.program
    speakers = unique_slugs(slot.speaker for slot in program.schedule if slot.speaker)
    keys: dict[int, str] = {}
    ranks: dict[SlotKind, int] = {}
    seen: dict[str, int] = {}
    for index, slot in enumerate(program.schedule):
        ranks[slot.kind] = ranks.get(slot.kind, 0) + 1
        paper = booklet.talk(index)
        if paper is not None:
            key = f"{slot.kind.value}-{booklet.stem(paper)}"
        elif slot.speaker:
            key = f"{slot.kind.value}-{speakers[slot.speaker]}"
        else:
            key = f"{slot.kind.value}-{ranks[slot.kind]}"
        seen[key] = seen.get(key, 0) + 1
        keys[index] = key if seen[key] == 1 else f"{key}.{seen[key]}"
    return keys


def slot_uid(booklet: Booklet, key: str) -> str:
    """An event's UID: the slot's key within the workshop's OpenReview group."""
    return f"{key}.{slug(booklet.program.workshop.group_id) or 'workshop'}@fomoproc"


def talk_files(booklet: Booklet) -> dict[int, str]:
    """Where each talk's own calendar file goes, relative to the program folder."""
    keys = slot_keys(booklet)
    return {
        index: f"calendar/{keys[index]}.ics"
        for index, slot in enumerate(booklet.program.schedule)
        if slot.kind in TALK_KINDS
    }


def _stamp(program: Program) -> dt.datetime:
    return dt.datetime.combine(program.workshop.date, dt.time(0, 0), dt.UTC)


def _summary(slot: Slot, booklet: Booklet, index: int) -> tuple[str, list[str]]:
    """The event's title and the lines of its description."""
    program = booklet.program
    label = slot.kind.label + (f" · {slot.session}" if slot.session else "")
    details = [label]
    paper = booklet.talk(index)
    title = plain(paper.title) if paper else plain(slot.title)
    speaker = program.speaker(slot.speaker) if slot.speaker else None
    if speaker is not None:
        who = speaker.name + (f" ({speaker.affiliation})" if speaker.affiliation else "")
        details.append(f"Speaker: {who}")
        summary = f"{speaker.name}: {title}" if title else speaker.name
    else:
        summary = title or slot.kind.label
    if paper is not None and paper.authors:
        details.append("Authors: " + ", ".join(a.name for a in paper.authors))
    if slot.kind is not SlotKind.INVITED_TALK and slot.kind.label not in summary:
        summary = f"{slot.kind.label}: {summary}"
    return clean_line(f"{summary} ({program.workshop.short_name})"), [
        clean_line(d) for d in details
    ]


def event(booklet: Booklet, index: int, key: str, url: str) -> Event:
    """The event of one slot of the schedule (``key`` from :func:`slot_keys`)."""
    program = booklet.program
    workshop = program.workshop
    slot = program.schedule[index]
    summary, details = _summary(slot, booklet, index)
    event = Event()
    event.add("uid", slot_uid(booklet, key))
    event.add("dtstamp", _stamp(program))
    event.add("dtstart", slot.start)
    if slot.end is not None:
        event.add("dtend", slot.end)
    event.add("summary", summary)
    if url:
        details.append(url)
    event.add("description", "\n".join(details))
    # The program's text, like every text value here, cleaned of control characters: a
    # NUL or a line break would end the value, or the file.
    location = clean_line(", ".join(part for part in (workshop.room, workshop.venue) if part))
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    event.add("categories", [slot.kind.label])
    return event


def timezone(program: Program) -> Timezone:
    """The workshop's ``VTIMEZONE``."""
    workshop = program.workshop
    # The rules in force around the workshop's day are all a reader's calendar needs.
    return Timezone.from_tzid(
        workshop.timezone,
        first_date=dt.date(workshop.year, 1, 1),
        last_date=dt.date(workshop.year + 1, 1, 1),
    )


def calendar(booklet: Booklet, indexes: Iterable[int], urls: Mapping[int, str]) -> str:
    """An iCalendar file holding these slots of the schedule, as text with CRLF line ends."""
    program = booklet.program
    workshop = program.workshop
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", clean_line(f"{workshop.short_name} ({workshop.conference})"))
    cal.add_component(timezone(program))
    keys = slot_keys(booklet)
    for index in indexes:
        cal.add_component(event(booklet, index, keys[index], urls.get(index, "")))
    text: str = cal.to_ical().decode("utf-8")
    return text


def page_urls(booklet: Booklet, base_url: str) -> dict[int, str]:
    """The address of each slot's page: its paper, its speaker, or its row of the schedule."""
    program = booklet.program
    base = base_url.rstrip("/")
    speakers = speaker_anchors(program)
    urls: dict[int, str] = {}
    for index, slot in enumerate(program.schedule):
        paper = booklet.talk(index)
        if base and paper is not None:
            urls[index] = f"{base}/papers/{booklet.stem(paper)}.html"
        elif base and slot.speaker in speakers:
            urls[index] = f"{base}/program/people.html#{speakers[slot.speaker]}"
        elif base:
            urls[index] = f"{base}/program/schedule.html#{slot_anchor(program, index)}"
        elif paper is not None and safe_url(paper.openreview_url):
            # No address of the site is known: the paper's own page is the next best.
            urls[index] = safe_url(paper.openreview_url)
        elif safe_url(program.workshop.website):
            urls[index] = safe_url(program.workshop.website)
    return urls


def files(booklet: Booklet, base_url: str) -> dict[str, str]:
    """Every calendar file, by path relative to the program folder."""
    program = booklet.program
    urls = page_urls(booklet, base_url)
    out = {PROGRAM_FILE: calendar(booklet, range(len(program.schedule)), urls)}
    for index, name in talk_files(booklet).items():
        out[name] = calendar(booklet, [index], urls)
    return out
