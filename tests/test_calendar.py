"""Calendar files: parsed back with icalendar, instants checked in UTC in and out of DST."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from sphinx.testing.util import SphinxTestApp

from conftest import load_booklet, rendered
from fomoproc.writers import ical

ROOT = Path(__file__).parent / "roots" / "test-program"
UTC = dt.UTC


def _booklet(tmp_path: Path, date: str = "2025-07-18"):  # type: ignore[no-untyped-def]
    program = tmp_path / "program.toml"
    text = (ROOT / "program.toml").read_text(encoding="utf-8")
    program.write_text(text.replace("date = 2025-07-18", f"date = {date}"), encoding="utf-8")
    return load_booklet(ROOT / "export.json", program)


def _events(text: str) -> dict[str, object]:
    cal = Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


@pytest.mark.parametrize(
    ("date", "start_utc", "zone"),
    [
        pytest.param("2025-07-18", dt.datetime(2025, 7, 18, 16, 0, tzinfo=UTC), "PDT", id="dst"),
        pytest.param("2025-12-05", dt.datetime(2025, 12, 5, 17, 0, tzinfo=UTC), "PST", id="winter"),
    ],
)
def test_talk_instants_are_right_in_utc_in_and_out_of_daylight_saving(
    tmp_path: Path, date: str, start_utc: dt.datetime, zone: str
) -> None:
    booklet = _booklet(tmp_path, date)
    files = ical.files(booklet, "https://booklet.example/tw")
    talk = Calendar.from_ical(files["calendar/invited-talk-ada.ics"])
    (event,) = talk.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "America/Vancouver"
    assert start.astimezone(UTC) == start_utc
    assert event.decoded("DTEND").astimezone(UTC) == start_utc + dt.timedelta(minutes=30)
    (zone_block,) = talk.walk("VTIMEZONE")
    assert zone_block["TZID"] == "America/Vancouver"
    assert zone in {str(c["TZNAME"]) for c in zone_block.walk() if "TZNAME" in c}
    # The same instant, read by a client that knows only the VTIMEZONE block.
    local = start.replace(tzinfo=None)
    offsets = {
        str(c["TZNAME"]): c.decoded("TZOFFSETTO") for c in zone_block.walk() if "TZNAME" in c
    }
    assert (local - offsets[zone]).replace(tzinfo=UTC) == start_utc


def test_events_carry_summary_speaker_location_and_page_url(tmp_path: Path) -> None:
    files = ical.files(_booklet(tmp_path), "https://booklet.example/tw/")
    events = _events(files["calendar/program.ics"])
    talk = events["invited-talk-ada.icml-cc-2025-workshop-tw@fomoproc"]
    assert str(talk["SUMMARY"]) == "Ada Example: Keynote on kernels (TW I)"
    assert "Speaker: Ada Example (Example University)" in str(talk["DESCRIPTION"])
    assert str(talk["LOCATION"]) == "Hall A, Convention Centre"
    assert str(talk["URL"]) == "https://booklet.example/tw/program/people.html#speaker-ada"
    oral = events["oral-progA.icml-cc-2025-workshop-tw@fomoproc"]
    assert str(oral["URL"]) == "https://booklet.example/tw/papers/progA.html"
    assert "Kernel Fusion for O(n) Attention" in str(oral["SUMMARY"])
    assert "Authors: Vincent van Breugel, Kun Xu" in str(oral["DESCRIPTION"])
    assert len(events) == 4  # every slot of the day, breaks included


def test_control_characters_of_the_program_never_reach_a_calendar(tmp_path: Path) -> None:
    # Before: a NUL in the room went into every LOCATION line of every calendar file.
    program = tmp_path / "program.toml"
    text = (ROOT / "program.toml").read_text(encoding="utf-8")
    text = text.replace('room = "Hall A"', 'room = "Hall\\u0000 A\\r\\nLOCATION:evil"')
    program.write_text(text.replace('"Convention Centre"', '"Centre\\u001b[31m"'), "utf-8")
    files = ical.files(load_booklet(ROOT / "export.json", program), "")
    for name, calendar in files.items():
        assert "\x00" not in calendar and "\x1b" not in calendar, name
        events = _events(calendar)
        assert {str(e["LOCATION"]) for e in events.values()} == {"Hall A LOCATION:evil, Centre[31m"}
        assert all(len(e.get("LOCATION").params) == 0 for e in events.values())


def test_uids_and_stamps_do_not_change_between_builds_or_when_a_talk_moves(
    tmp_path: Path,
) -> None:
    first = ical.files(_booklet(tmp_path), "")
    again = ical.files(_booklet(tmp_path), "")
    assert first == again  # byte-identical: no clock, no random UID
    moved = tmp_path / "moved"
    moved.mkdir()
    later = _events(ical.files(_booklet(moved, "2025-07-19"), "")["calendar/program.ics"])
    assert set(later) == set(_events(first["calendar/program.ics"]))
    stamp = next(iter(later.values())).decoded("DTSTAMP")
    assert stamp == dt.datetime(2025, 7, 19, tzinfo=UTC)


def test_without_a_site_address_the_url_is_the_papers_openreview_page(tmp_path: Path) -> None:
    events = _events(ical.files(_booklet(tmp_path), "")["calendar/program.ics"])
    oral = events["oral-progA.icml-cc-2025-workshop-tw@fomoproc"]
    assert str(oral["URL"]).startswith("https://openreview.net/forum?id=progA")
    assert "URL" not in events["invited-talk-ada.icml-cc-2025-workshop-tw@fomoproc"]


def test_render_writes_the_program_and_each_talk_calendar(tmp_path: Path) -> None:
    files = rendered(_booklet(tmp_path))
    calendars = sorted(p for p in files if p.endswith(".ics"))
    assert calendars == [
        "program/calendar/invited-talk-ada.ics",
        "program/calendar/oral-progA.ics",
        "program/calendar/poster-session-1.ics",
        "program/calendar/program.ics",
    ]
    assert all("\r\n" in files[p] for p in calendars)  # RFC 5545 line ends


@pytest.mark.sphinx("html", testroot="program")
def test_schedule_and_talk_pages_link_their_calendar_files(
    app: SphinxTestApp, warning: object
) -> None:
    app.build()
    assert warning.getvalue() == ""  # type: ignore[attr-defined]
    out = Path(app.outdir)
    page = BeautifulSoup((out / "program/schedule.html").read_text(), "html.parser")
    links = [a["href"] for a in page.select("article a.download") if a["href"].endswith(".ics")]
    assert any(h.endswith("/program.ics") for h in links)
    assert any(h.endswith("/invited-talk-ada.ics") for h in links)
    for href in links:
        assert (out / "program" / href).is_file(), href
    paper = BeautifulSoup((out / "papers/progA.html").read_text(), "html.parser")
    # The paper's talk and its poster session, each its own calendar file.
    ics = [a["href"] for a in paper.select("article a.download") if a["href"].endswith(".ics")]
    assert [Path(href).name for href in ics] == ["oral-progA.ics", "poster-session-1.ics"]
    parsed = Calendar.from_ical((out / "papers" / ics[0]).read_bytes())
    assert [str(e["UID"]) for e in parsed.walk("VEVENT")] == [
        "oral-progA.icml-cc-2025-workshop-tw@fomoproc"
    ]
