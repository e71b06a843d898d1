"""The day in the reader's hands, as built: times, the day at a glance, the agenda's data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from sphinx.testing.util import SphinxTestApp

from conftest import BOOKLET_ROOT, BuildBooklet, load_booklet
from fomoproc.sphinxext.agenda import DATA
from fomoproc.writers import agenda, ical
from fomoproc.writers.searchdata import from_js_string

DAY = "```{fomoproc-day}\n```\n"


def _with_the_day(index: Path) -> None:
    """The test root's home page, with the day at a glance below its title."""
    title, rest = index.read_text(encoding="utf-8").split("\n", 1)
    index.write_text(f"{title}\n\n{DAY}{rest}", encoding="utf-8")


def _html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _agenda_data(html: Path) -> dict[str, object]:
    text = (html / "_static" / DATA).read_text(encoding="utf-8")
    prefix, suffix = f"window.{agenda.VARIABLE} = JSON.parse(", ");\n"
    assert text.startswith(prefix) and text.endswith(suffix)
    data = json.loads(from_js_string(text[len(prefix) : -len(suffix)]))
    assert isinstance(data, dict)
    return data


def test_agenda_data_holds_the_booklets_own_events() -> None:
    booklet = load_booklet(BOOKLET_ROOT / "export.json", BOOKLET_ROOT / "program.toml")
    data = agenda.data(booklet, "", schedule="schedule.html", papers=("../papers/", ".html"))
    keys = ical.slot_keys(booklet)
    program = Calendar.from_ical(ical.files(booklet, "")[ical.PROGRAM_FILE])
    events = {str(e["uid"]): e for e in program.walk("VEVENT")}
    slots = data["slots"]
    # Every talk a reader may star, by the key the schedule's stars carry.
    assert sorted(slots) == sorted(keys[i] for i in ical.talk_files(booklet))
    for key, slot in slots.items():
        event = events[slot["uid"]]
        assert slot["uid"] == ical.slot_uid(booklet, key)
        assert slot["dtstart"] == event["dtstart"].to_ical().decode()
        assert slot["start"] == event["dtstart"].dt.isoformat()
        assert slot["summary"] == str(event["summary"])
        assert slot["description"] == str(event["description"])
        assert slot["href"].startswith("schedule.html#slot-")
    assert data["calendar"]["tzid"] == "America/Vancouver"
    (zone,) = Calendar.from_ical(
        "BEGIN:VCALENDAR\r\n" + data["calendar"]["vtimezone"] + "END:VCALENDAR\r\n"
    ).walk("VTIMEZONE")
    assert zone["tzid"] == "America/Vancouver"
    # A paper is its slots: its talk and its poster session, with its board there.
    oral = data["papers"]["oralPaper1"]
    assert [key for key, _ in oral["slots"]] == ["oral-oralPaper1", "poster-session-1"]
    assert data["booklet"] == "icml-cc-2025-workshop-tw"


def test_times_are_time_elements_holding_the_venues_words(
    build_booklet: BuildBooklet, tmp_path: Path
) -> None:
    _with_the_day(tmp_path / "docs" / "index.md")
    assert build_booklet() == 0
    html = tmp_path / "out" / "html"
    schedule = _html(html / "program" / "schedule.html")
    time = schedule.select_one("tr:has(#slot-oral-1) time.fomo-time")
    assert time.get_text() == "9:30–9:45 AM"  # what a reader without JavaScript sees
    assert time["datetime"] == "2025-07-18T09:30:00-07:00"
    assert time["data-end"] == "2025-07-18T09:45:00-07:00"
    zone = schedule.select_one("thead .fomo-zone")
    assert (zone.get_text(), zone["data-zone"]) == ("PDT", "America/Vancouver")
    assert schedule.select_one("tr:has(#slot-oral-1) span.fomo-star")["data-slot"] == (
        "oral-oralPaper1"
    )
    # The day at a glance: the date, the room, the zone, each slot linked to its row.
    home = _html(html / "index.html").select_one("div.fomo-day")
    assert home.select_one(".fomo-day-when").get_text() == "Friday 18 July 2025 · Hall A"
    rows = home.select("ul.fomo-day-slots > li")
    assert [r.select_one("time").get_text() for r in rows][:2] == ["9:00–9:30 AM", "9:30–9:45 AM"]
    assert rows[1].select_one("a")["href"] == "program/schedule.html#slot-oral-1"
    assert (
        rows[0].get_text(" ", strip=True).endswith("Invited talk: Ada Example, Keynote on kernels")
    )
    links = [a["href"] for a in home.select(".fomo-day-links a")]
    assert links == ["program/schedule.html", "program/agenda.html", "program/posters.html"]
    # Scripts where they are needed only.
    scripts = {
        page: [s["src"].split("?")[0] for s in _html(html / page).select("script[src*=fomoproc]")]
        for page in ("index.html", "program/agenda.html", "call.html")
        if (html / page).is_file()
    }
    assert scripts["index.html"] == ["_static/fomoproc-times.js"]
    assert scripts["program/agenda.html"] == [
        f"../_static/{DATA}", "../_static/fomoproc-agenda.js", "../_static/fomoproc-times.js"
    ]  # fmt: skip


def test_the_home_page_shows_the_day_of_this_build(
    build_booklet: BuildBooklet, tmp_path: Path
) -> None:
    """The day's page is read again when the program changes, though its source did not."""
    docs = tmp_path / "docs"
    _with_the_day(docs / "index.md")
    assert build_booklet() == 0
    data = tmp_path / "out" / "html" / "_static" / DATA
    written = data.stat().st_mtime_ns
    assert build_booklet() == 0
    assert data.stat().st_mtime_ns == written  # unchanged input: the data file untouched
    program = docs / "program.toml"
    program.write_text(program.read_text(encoding="utf-8").replace('"09:00"', '"08:45"'), "utf-8")
    assert build_booklet() == 0
    rows = _html(tmp_path / "out" / "html" / "index.html").select(".fomo-day-slots time")
    assert rows[0].get_text() == "8:45–9:30 AM"
    moved = _agenda_data(tmp_path / "out" / "html")["slots"]
    assert moved["invited-talk-ada"]["dtstart"] == "20250718T084500"  # type: ignore[index]


@pytest.mark.sphinx("latex", testroot="booklet")
def test_the_pdf_prints_the_venues_times_and_nothing_of_the_site(
    app: SphinxTestApp, warning: object
) -> None:
    _with_the_day(Path(app.srcdir) / "index.md")
    app.build()
    assert warning.getvalue() == ""  # type: ignore[attr-defined]
    tex = (Path(app.outdir) / "booklet.tex").read_text(encoding="utf-8")
    assert "9:30–9:45 AM" in tex
    assert r"All times are America/Vancouver time, PDT (UTC−07:00)." in tex
    # The stars, the switch, the notes to the site's readers, the day at a glance: none.
    for site_only in (
        "Star the",
        "Times:",
        "agenda",
        "fomo-day",
        "fomo-site-note",
        "The full schedule",
    ):
        assert site_only not in tex, site_only
