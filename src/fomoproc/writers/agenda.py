"""The reader's own agenda: its page, and the data its script builds the agenda from.

A reader stars talks (rows of the schedule) and papers; the stars stay in the browser
(``localStorage``), and the agenda page lists them in time order, shares them as a link
(their keys in the address's fragment) and gives them as one ``.ics``. No server, no
login: the page's script (``fomoproc-agenda.js``) reads :func:`data`, written at build time
beside the site's scripts. The calendar's events are the booklet's own
(:mod:`fomoproc.writers.ical`): the same UIDs, times, time zone and words, so that a
reader's calendar updates the same events whichever file added them. A paper's entries
are its slots (its talk, its poster session), its board in the poster session's
description.
"""

from __future__ import annotations

import json
from typing import Any

from fomoproc.mathtext import readable
from fomoproc.model import Booklet
from fomoproc.places import slot_anchor, slug
from fomoproc.writers import ical
from fomoproc.writers.myst import HEADER, site_note, time_range, zone_label, zone_switch
from fomoproc.writers.searchdata import js_string

#: The page, in the program folder (generated, not in any toctree: the site's only).
PAGE = "program/agenda"
#: The global the agenda page reads the data from.
VARIABLE = "FOMOPROC_AGENDA"
#: The class of the block the script turns into the agenda.
APP_CLASS = "fomo-agenda-app"
#: What the page says where no script runs.
NO_SCRIPT = (
    "Your agenda is kept in this browser and shown by its JavaScript, which is off or "
    "has not loaded here. The [schedule](schedule.md) lists every talk, and each talk and "
    "paper has its own calendar file."
)


def booklet_key(booklet: Booklet) -> str:
    """What tells this booklet's stars from another's on the same site: its group's slug."""
    return slug(booklet.program.workshop.group_id) or "workshop"


def agenda_page(booklet: Booklet, source: str) -> str:
    """The page the agenda is shown on."""
    schedule = booklet.program.schedule
    zone = booklet.program.workshop.timezone
    times = (
        site_note(
            f"Times are {zone_label(schedule[0].start.tzname() or '', zone)}. {zone_switch(zone)}"
        )
        if schedule
        else ""
    )
    return "\n".join(
        [
            # Linked from the schedule and the home page; no section of the PDF.
            "---\norphan: true\n---",
            HEADER.format(source=source),
            "# My agenda\n",
            "Star talks in the [schedule](schedule.md) and papers on their pages, in the "
            "[papers index](../papers/index.md) or on the [posters page](posters.md): they "
            "are listed here in time order. Your stars stay in this browser; share them as "
            "a link, or put them in your calendar as one file.\n",
            times,
            f"```{{container}} {APP_CLASS}\n{NO_SCRIPT}\n```\n",
        ]
    )


def _text(value: Any) -> str:
    """An iCalendar property's value as text (lists, as CATEGORIES holds them, joined)."""
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    cats = getattr(value, "cats", None)
    if cats is not None:
        return ",".join(str(c) for c in cats)
    return str(value)


def data(
    booklet: Booklet, base_url: str, *, schedule: str, papers: tuple[str, str]
) -> dict[str, Any]:
    """Everything the agenda page needs, by slot key and by paper file name.

    ``schedule`` is the schedule page's address from the agenda page; ``papers`` the start
    and end of a paper page's address around its file name ("../papers/", ".html").
    """
    program = booklet.program
    workshop = program.workshop
    keys = ical.slot_keys(booklet)
    urls = ical.page_urls(booklet, base_url)
    slots: dict[str, Any] = {}
    for index in sorted(ical.talk_files(booklet)):
        slot = program.schedule[index]
        event = ical.event(booklet, index, keys[index], urls.get(index, ""))
        speaker = program.speaker(slot.speaker) if slot.speaker else None
        paper = booklet.talk(index)
        what = readable(paper.title) if paper else readable(slot.title)
        if speaker is not None:
            what = f"{speaker.name}: {what}" if what else speaker.name
        slots[keys[index]] = {
            "uid": str(event["uid"]),
            "start": slot.start.isoformat(),
            "end": slot.end.isoformat() if slot.end else "",
            "dtstart": f"{slot.start:%Y%m%dT%H%M%S}",
            "dtend": f"{slot.end:%Y%m%dT%H%M%S}" if slot.end else "",
            "summary": str(event["summary"]),
            "description": str(event["description"]),
            "location": str(event.get("location", "")),
            "url": str(event.get("url", "")),
            "categories": _text(event.get("categories", "")),
            "time": time_range(slot),
            "kind": slot.kind.label,
            "name": slot.name,
            "what": what,
            "href": f"{schedule}#{slot_anchor(program, index)}",
        }
    found: dict[str, Any] = {}
    for paper in booklet.papers:
        presented = [
            [keys[p.slot], p.board]
            for p in booklet.presentations.get(paper.id, ())
            if keys[p.slot] in slots
        ]
        found[booklet.stem(paper)] = {
            "title": readable(paper.title),
            "kind": paper.kind.label,
            "slots": presented,
        }
    first = program.schedule[0].start if program.schedule else None
    return {
        "booklet": booklet_key(booklet),
        "calendar": {
            "prodid": ical.PRODID,
            "name": f"My agenda: {workshop.short_name} ({workshop.conference})",
            "tzid": workshop.timezone,
            "vtimezone": ical.timezone(program).to_ical().decode("utf-8"),
            "dtstamp": f"{workshop.date:%Y%m%d}T000000Z",
        },
        "zone": first.tzname() if first else "",
        "papers_href": list(papers),
        "slots": slots,
        "papers": found,
    }


def script(agenda: dict[str, Any]) -> str:
    """The data as a JavaScript file that sets one global (readable from ``file://``)."""
    text = json.dumps(agenda, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.{VARIABLE} = JSON.parse({js_string(text)});\n"
