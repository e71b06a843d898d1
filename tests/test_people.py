"""Speakers, organizers, sponsors: cards in HTML, a list in the PDF, photos only when safe."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import load_booklet
from fomoproc.booklet import assemble
from fomoproc.model import Export, Kind
from fomoproc.writers import papers

ROOT = Path(__file__).parent / "roots" / "test-program"


@pytest.mark.sphinx("html", testroot="program")
def test_people_are_cards_and_only_safe_photos_are_shown(
    app: SphinxTestApp, warning: object, status: object
) -> None:
    app.build()
    assert warning.getvalue() == ""  # type: ignore[attr-defined]
    out = Path(app.outdir)
    page = BeautifulSoup((out / "program/people.html").read_text(), "html.parser")
    cards = page.select("article .sd-card")
    names = [c.select_one("strong").get_text() for c in cards]
    assert names == ["Ada Example", "Remote Person", "Olga Organizer", "Acme"]
    images = {c.select_one("strong").get_text(): c.select_one("img") for c in cards}
    assert (out / "program" / images["Ada Example"]["src"]).is_file()
    assert images["Remote Person"]["src"] == "https://example.org/remote.jpg"
    assert images["Olga Organizer"] is None and images["Acme"] is None
    ada = page.select_one("#speaker-ada")
    assert "Keynote on kernels" in ada.find_parent(class_="sd-card").get_text()
    log = status.getvalue()  # type: ignore[attr-defined]
    assert "'img/missing.jpg' is not a file under" in log
    assert "'javascript:alert(1)' is neither an http(s) URL" in log
    schedule = BeautifulSoup((out / "program/schedule.html").read_text(), "html.parser")
    assert schedule.select_one("th").get_text(strip=True) == "Time (PDT)"
    assert schedule.select_one("a[href='people.html#speaker-ada']") is not None


@pytest.mark.sphinx("latex", testroot="program")
def test_pdf_lists_people_plainly_and_schedule_has_no_calendar_links(
    app: SphinxTestApp, warning: object
) -> None:
    app.build()
    assert warning.getvalue() == ""  # type: ignore[attr-defined]
    tex = (Path(app.outdir) / "booklet.tex").read_text(encoding="utf-8")
    assert "sd-card" not in tex and "Add to calendar" not in tex
    assert r"\sphinxstylestrong{Ada Example}, Example University" in tex
    assert tex.count("Time (PDT)") == 1


def test_a_board_from_the_overrides_is_on_the_poster_page() -> None:
    booklet = load_booklet(ROOT / "export.json", ROOT / "program.toml")
    poster = next(p for p in booklet.papers if p.kind is Kind.POSTER)
    placed = dataclasses.replace(poster, board="17")
    export = Export(source="export.json", records=1, papers=(placed,), exclusions=())
    page = papers.paper_page(placed, assemble(export, booklet.program), "", "export.json")
    # The board, in the line that links the poster session's row of the schedule.
    assert (
        r"[Posters, {fomoproc-time}`10:00–11:00 AM <2025-07-18T10:00:00-07:00/"
        r"2025-07-18T11:00:00-07:00>`, board 17](../program/schedule.md#slot-poster-session-1)"
        in (page)
    )
