"""The built site in a real browser: Debian's Chromium driven by Playwright, axe-core for access.

The site is the repository's own booklet (docs/, papers/) plus one hostile record,
served over HTTP on 127.0.0.1. Without Chromium or Playwright these tests fail, saying how
to install them (`-m "not browser"` leaves them out).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bench.browser import serve
from conftest import require
from fomoproc.cli import main
from hostile import write_export

pytestmark = pytest.mark.browser

REPO = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
HOSTILE_ID = "hostileTitle1"
HOSTILE_TITLE = "<script>alert('xss')</script><img src=x onerror=alert(2)> {download}`/etc/passwd`"
PAGES = ("index.html", "program/schedule.html", "papers/index.html", f"papers/{HOSTILE_ID}.html")
#: Pages of the reader's day: the agenda, the posters, the author index.
DAY_PAGES = ("program/agenda.html", "program/posters.html", "papers/authors.html")
PHONE = {"width": 390, "height": 844}
#: axe-core's rules, and the size of what a thumb taps (WCAG 2.2, off in axe by default).
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's booklet with one hostile paper added, built to HTML."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(
        REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("papers", "program")
    )
    data = json.loads((REPO / "papers" / "export.json").read_text("utf-8"))
    notes = data if isinstance(data, list) else data["notes"]
    hostile = json.loads(json.dumps(notes[0]))
    hostile.update(id=HOSTILE_ID, forum=HOSTILE_ID, number=999)
    hostile["content"].pop("_bibtex", None)
    hostile["content"]["title"] = {"value": HOSTILE_TITLE}
    hostile["content"]["abstract"] = {"value": "A hostile record about zanzibarite crystals."}
    export = write_export(root / "export.json", [*notes, hostile])
    log = io.StringIO()
    with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        status = main(
            ["build", "--no-pdf", "--docs", str(root / "docs"), "--export", str(export),
             "--program", str(REPO / "papers" / "program.toml"), "--out", str(root / "out")]
        )  # fmt: skip
    assert status == 0, log.getvalue()
    return root / "out" / "html"


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The site served over HTTP on a free port of 127.0.0.1 (as the benchmark serves it)."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright."""
    require([] if CHROMIUM.is_file() else [str(CHROMIUM)])
    # Playwright is a test dependency (pyproject.toml): its absence is an error, not a skip.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """A page, and everything it said that a reader should never cause."""

    page: Any
    problems: list[str] = field(default_factory=list)


@pytest.fixture
def tab(browser: Any, base_url: str) -> Iterator[Watched]:
    """A fresh tab (clipboard allowed) that records console errors, page errors and dialogs."""
    context = browser.new_context(base_url=base_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    watched = Watched(context.new_page())

    def on_console(message: Any) -> None:
        if message.type in {"error", "warning"}:
            watched.problems.append(f"console {message.type}: {message.text}")

    def on_dialog(dialog: Any) -> None:
        watched.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    watched.page.on("console", on_console)
    watched.page.on("pageerror", lambda error: watched.problems.append(f"page error: {error}"))
    watched.page.on("dialog", on_dialog)
    watched.page.on(
        "requestfailed", lambda request: watched.problems.append(f"failed: {request.url}")
    )
    watched.page.on(
        "response",
        lambda response: (
            response.status >= 400
            and watched.problems.append(f"HTTP {response.status}: {response.url}")
        ),
    )
    yield watched
    context.close()


@pytest.mark.parametrize("path", [*PAGES, "program/people.html", "call.html", "search.html"])
def test_pages_load_with_no_console_error(tab: Watched, path: str) -> None:
    tab.page.goto(path, wait_until="networkidle")
    assert tab.problems == []


def test_search_finds_a_paper_by_an_abstract_word(tab: Watched) -> None:
    tab.page.goto("search.html?q=zanzibarite", wait_until="networkidle")
    # Sphinx writes its summary once the search (and its snippets) are done.
    tab.page.wait_for_selector("#search-results .search-summary", state="attached")
    links = tab.page.eval_on_selector_all(
        "#search-results ul.search li a", "as => as.map(a => a.getAttribute('href'))"
    )
    assert any(HOSTILE_ID in href for href in links), links
    # Each result's snippet, from the summaries the search script loads after the index.
    tab.page.wait_for_function(
        "document.querySelectorAll('#search-results ul.search > li p.context').length"
        " === document.querySelectorAll('#search-results ul.search > li').length"
    )
    snippets = tab.page.eval_on_selector_all(
        "#search-results ul.search > li p.context", "ps => ps.map(p => p.textContent)"
    )
    assert any("zanzibarite" in snippet.lower() for snippet in snippets), snippets
    assert tab.problems == []


def test_hostile_title_is_text_and_runs_nothing(tab: Watched) -> None:
    tab.page.goto(f"papers/{HOSTILE_ID}.html", wait_until="networkidle")
    heading = tab.page.inner_text("article h1").rstrip("#").strip()
    assert heading == HOSTILE_TITLE
    assert tab.page.locator("article script, article img, article iframe").count() == 0
    assert tab.page.title().startswith("<script>")
    assert tab.problems == []  # no alert dialog, no error


def test_bibtex_copy_button_puts_the_entry_on_the_clipboard(tab: Watched) -> None:
    tab.page.goto(f"papers/{HOSTILE_ID}.html", wait_until="networkidle")
    block = tab.page.locator("div.highlight-bibtex")
    entry = block.locator("pre").inner_text()
    block.hover()
    block.locator("button.copybtn").click()
    copied = tab.page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == entry.strip()
    assert copied.startswith("@inproceedings{")
    assert tab.problems == []


def _axe_problems(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS).response
    assert results["testEngine"]["name"] == "axe-core"
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("path", [*PAGES, *DAY_PAGES])
def test_axe_finds_no_serious_or_critical_violation(tab: Watched, path: str) -> None:
    tab.page.goto(path, wait_until="networkidle")
    assert tab.page.url.endswith(path)
    assert _axe_problems(tab.page) == []


@pytest.mark.parametrize("path", [*PAGES, *DAY_PAGES, "program/people.html"])
def test_layout_holds_at_phone_width(tab: Watched, path: str) -> None:
    tab.page.set_viewport_size(PHONE)
    tab.page.goto(path, wait_until="networkidle")
    scroll_width, inner_width = tab.page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert inner_width == PHONE["width"]
    assert scroll_width <= inner_width
    # Nothing is cut off either: no heading or paragraph wider than its box.
    clipped = tab.page.eval_on_selector_all(
        "article h1, article h2, article h3, article p, article li",
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)",
    )
    assert clipped == []


# The reader's day. The program's day is Friday 18 July 2025 in Vancouver (PDT, UTC-7):
# Oral 1 runs 10:30-10:45, Oral 2 10:45-11:00, the last invited talk 16:00-16:30.
PDT = dt.timezone(dt.timedelta(hours=-7))
DURING = dt.datetime(2025, 7, 18, 10, 40, tzinfo=PDT)
BOOKLET_KEY = "fomoproc.agenda.icml-cc-2025-workshop-es-fomo-iii"


@contextlib.contextmanager
def _reader(
    browser: Any, base_url: str, *, zone: str = "America/Vancouver", at: dt.datetime = DURING
) -> Iterator[Watched]:
    """A fresh browser profile in a time zone, its clock fixed, watched like `tab`."""
    context = browser.new_context(base_url=base_url, timezone_id=zone, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    watched = Watched(context.new_page())
    watched.page.clock.set_fixed_time(at)

    def on_console(message: Any) -> None:
        # A failed load is judged by its response below (axe-core's own requests are not).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            watched.problems.append(f"console error: {message.text}")

    def on_response(response: Any) -> None:
        # axe-core fetches stylesheets again (XHR), resolving their @import against the
        # page: the theme's basic.css is then missed. The page's own requests must succeed.
        if response.status >= 400 and response.request.resource_type != "xhr":
            watched.problems.append(f"HTTP {response.status}: {response.url}")

    watched.page.on("pageerror", lambda error: watched.problems.append(f"page error: {error}"))
    watched.page.on("console", on_console)
    watched.page.on("response", on_response)
    try:
        yield watched
    finally:
        context.close()


def test_now_and_next_follow_the_clock_on_the_home_page_and_the_schedule(
    browser: Any, base_url: str
) -> None:
    with _reader(browser, base_url) as reader:
        page = reader.page
        page.goto("index.html")
        status = page.locator(".fomo-day-status")
        assert status.inner_text().startswith("Now: Oral: Bit by Bit")
        assert "Next, at 10:45 AM: Oral: Filling the Bubble" in status.inner_text()
        now = page.locator(".fomo-day-slots > li.fomo-now")
        assert now.locator("a").get_attribute("href") == "program/schedule.html#slot-oral-1"
        assert now.locator(".fomo-badge").text_content() == "Now"
        assert (
            page.locator(".fomo-day-slots > li.fomo-next a")
            .get_attribute("href")
            .endswith("#slot-oral-2")
        )
        # The day at a glance: the date, the room and the zone on the first screen.
        assert "Friday 18 July 2025 · East Exhibition Hall A" in page.inner_text(".fomo-day-when")
        assert page.inner_text(".fomo-day-zone").startswith("Times: PDT")
        assert _axe_problems(page) == []
        page.goto("program/schedule.html")
        assert page.locator("tr.fomo-now #slot-oral-1").count() == 1
        assert page.locator("tr.fomo-next #slot-oral-2").count() == 1
        assert page.locator("tr.fomo-now, tr.fomo-next").count() == 2
        assert _axe_problems(page) == []
        # The clock moves on: a minute past the talk's end, the next one is on.
        page.clock.set_fixed_time(DURING + dt.timedelta(minutes=6))
        page.reload()
        assert page.locator("tr.fomo-now #slot-oral-2").count() == 1
        assert reader.problems == []
    with _reader(browser, base_url, at=DURING - dt.timedelta(days=1)) as reader:
        reader.page.goto("index.html")
        assert reader.page.inner_text(".fomo-day-status") == (
            "The workshop starts at 8:30 AM (PDT) on Friday 18 July 2025."
        )
        assert reader.page.locator(".fomo-now, .fomo-next, .fomo-badge").count() == 0
        reader.page.goto("program/schedule.html")
        assert reader.page.locator(".fomo-now, .fomo-next, .fomo-badge").count() == 0
    with _reader(browser, base_url, at=DURING + dt.timedelta(hours=8)) as reader:
        reader.page.goto("index.html")
        assert reader.page.inner_text(".fomo-day-status").startswith("The workshop has ended.")
        assert reader.page.locator(".fomo-now, .fomo-next, .fomo-badge").count() == 0


def test_times_show_in_the_readers_zone_with_the_day_they_fall_on_and_stay_chosen(
    browser: Any, base_url: str
) -> None:
    with _reader(browser, base_url, zone="Asia/Tokyo") as reader:
        page = reader.page
        page.goto("program/schedule.html")
        last_talk = page.locator("tr:has(#slot-invited-talk-5) time.fomo-time")
        assert last_talk.inner_text() == "4:00–4:30 PM"  # the venue's time, as the HTML has it
        switch = page.locator(".fomo-tz-switch").first
        assert switch.get_attribute("role") == "group"
        venue = switch.get_by_role("button", name="PDT (venue)")
        mine = switch.get_by_role("button", name="Your time (GMT+9)")
        assert venue.get_attribute("aria-pressed") == "true"
        mine.click()
        assert mine.get_attribute("aria-pressed") == "true"
        assert venue.get_attribute("aria-pressed") == "false"
        # 16:00 PDT is 08:00 the next morning in Tokyo: said so, and labelled.
        assert last_talk.inner_text() == "8:00–8:30 AM +1 day"
        assert page.inner_text("table.fomo-schedule thead").startswith("Time (your time, GMT+9)")
        page.set_viewport_size(PHONE)
        width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1]
        # Remembered: every page shows the reader's time from now on.
        page.goto(f"papers/{_paper_of(page, 'slot-oral-1')}")
        line = page.locator("article p:has(.sd-badge)")
        assert "2:30–2:45 AM +1 day" in line.inner_text()
        assert line.inner_text().endswith("(your time, GMT+9)")
        for path in ("papers/index.html", "program/posters.html", "program/people.html"):
            page.goto(path)
            assert "+1 day" in page.locator("time.fomo-time").first.inner_text(), path
            assert "GMT+9" in page.locator(".fomo-zone").first.inner_text(), path
        page.goto("index.html")
        assert page.locator(".fomo-day-slots time").first.inner_text() == "12:30–12:40 AM +1 day"
        page.get_by_role("button", name="PDT (venue)").click()
        assert page.locator(".fomo-day-slots time").first.inner_text() == "8:30–8:40 AM"
        assert page.inner_text(".fomo-day-zone").startswith("Times: PDT")
        assert reader.problems == []
    # A reader in the venue's zone has nothing to switch.
    with _reader(browser, base_url) as reader:
        reader.page.goto("program/schedule.html")
        assert reader.page.locator(".fomo-tz-switch button").count() == 0
        assert reader.page.locator(".fomo-tz-switch").first.is_hidden()


def _paper_of(page: Any, anchor: str) -> str:
    """The page of the paper a row of the schedule presents (from the schedule page)."""
    href = page.locator(f"tr:has(#{anchor}) a[href^='../papers/']").first.get_attribute("href")
    return str(href).removeprefix("../papers/")


def _events(text: str) -> dict[str, Any]:
    from icalendar import Calendar

    calendar = Calendar.from_ical(text)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_stars_make_an_agenda_shared_by_a_link_and_as_one_calendar_file(
    browser: Any, base_url: str, site: Path
) -> None:
    from icalendar import Calendar

    with _reader(browser, base_url) as reader:
        page = reader.page
        page.goto("program/schedule.html")
        star = page.locator("tr:has(#slot-invited-talk-5) button.fomo-star-button")
        assert star.get_attribute("aria-label") == "My agenda: Zachary Charles"
        assert star.get_attribute("aria-pressed") == "false"
        star.click()
        assert star.get_attribute("aria-pressed") == "true"
        oral = _paper_of(page, "slot-oral-1")
        page.goto(f"papers/{oral}")
        own = page.locator("button.fomo-star-labelled")
        assert own.inner_text().endswith("Add to my agenda")  # its words are its name
        own.click()
        assert own.get_attribute("aria-pressed") == "true" and own.inner_text().endswith(
            "In my agenda"
        )
        page.goto("program/posters.html")
        poster = page.locator("table.fomo-posters tbody tr").nth(3)
        board = poster.locator("td").first.inner_text()
        poster.locator("button.fomo-star-button").click()
        page.goto("program/agenda.html")
        items = page.locator(".fomo-agenda-item")
        # In time order: the oral, the poster session (two posters: the oral's and the
        # starred one), the last talk.
        assert [items.nth(i).locator("time").inner_text() for i in range(3)] == [
            "10:30–10:45 AM", "1:00–2:30 PM", "4:00–4:30 PM",
        ]  # fmt: skip
        assert f"Board {board}" in items.nth(1).inner_text()
        shown = page.inner_text(".fomo-agenda-list")
        assert _axe_problems(page) == []
        page.set_viewport_size(PHONE)
        width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1]
        # One calendar file: the booklet's own events, same UIDs, times and zone.
        with page.expect_download() as download:
            page.get_by_role("button", name="Download for your calendar (.ics)").click()
        mine = Path(download.value.path()).read_bytes().decode("utf-8")  # CRLF kept
        booklet = (site / "program" / "calendar" / "program.ics").read_text(encoding="utf-8")
        ours, theirs = _events(mine), _events(booklet)
        assert len(ours) == 3 and set(ours) <= set(theirs)
        for uid, event in ours.items():
            for field in ("dtstart", "dtend", "summary", "location", "url", "categories"):
                assert event.get(field).to_ical() == theirs[uid].get(field).to_ical(), field
            assert event["dtstart"].params["TZID"] == "America/Vancouver"
            assert event["dtstart"].dt == theirs[uid]["dtstart"].dt
        zones = [z["tzid"] for z in Calendar.from_ical(mine).walk("VTIMEZONE")]
        assert zones == ["America/Vancouver"]
        posters = next(e for e in ours.values() if "Poster" in str(e["summary"]))
        assert f"board {board}" in str(posters["description"])
        assert "\r\n" in mine and all(len(line.encode()) <= 75 for line in mine.split("\r\n"))
        # A link that opens the same agenda in another browser.
        page.get_by_role("button", name="Copy a link to this agenda").click()
        link = page.locator("input.fomo-agenda-link").input_value()
        assert page.evaluate("navigator.clipboard.readText()") == link
        assert reader.problems == []
    with _reader(browser, base_url) as other:
        other.page.goto(link)
        assert other.page.inner_text(".fomo-agenda-list") == shown.replace("★", "☆")
        other.page.get_by_role("button", name="Add these to my agenda").click()
        assert other.page.locator(".fomo-agenda-shared").count() == 0
        assert "#" not in other.page.url
        assert other.page.locator(".fomo-agenda-item").count() == 3
        stored = json.loads(other.page.evaluate(f"localStorage.getItem('{BOOKLET_KEY}')"))
        assert stored["slots"] == ["invited-talk-charles"] and len(stored["papers"]) == 2
        assert other.problems == []


@pytest.mark.parametrize(
    ("query", "author"),
    [
        ("Lukasz", "Łukasz Zieliński"),
        ("Nguyen", "Nguyễn Thị Hương"),
        ("Zielinski", "Łukasz Zieliński"),
        ("Weisshaupt", "Jonas Weißhaupt"),
    ],
)
def test_search_finds_names_without_their_accents_papers_first(
    tab: Watched, query: str, author: str
) -> None:
    from fomoproc.fold import fold

    tab.page.goto(f"search.html?q={query}")
    tab.page.wait_for_selector("#search-results p.fomo-result-when")
    first = tab.page.locator("#search-results ul.search > li").first
    assert first.locator("a").get_attribute("href").startswith("papers/")
    assert "papers/index" not in first.locator("a").get_attribute("href")
    assert author in first.locator("p.context").inner_text()
    # Its kind and when it is presented; the name highlighted as it is written.
    assert first.locator("p.fomo-result-when").inner_text().startswith(("Oral", "Spotlight"))
    marked = first.locator("p.context span.highlighted").first.inner_text()
    assert marked in author.split() and fold(marked).casefold() == query.casefold()
    assert tab.problems == []


def test_folding_is_the_same_in_python_and_javascript(tab: Watched) -> None:
    import random

    from fomoproc.fold import LETTERS, fold

    rng = random.Random(24)
    alphabet = [
        *LETTERS,
        *"aeiouAEIOU \u0301\u0308\u0327\u030cﬁＡ①",
        *"ŁłŒœßẞØøÆæđĐıİĳ",
        "ễ",
        "王",
        "й",
    ]
    samples = ["".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(300)]
    samples += ["Łukasz Zieliński", "Nguyễn Thị Hương", "Weißhaupt", "Kağan Işıkoğlu", "ひらがな"]
    tab.page.goto("search.html")
    folded = tab.page.evaluate("(texts) => texts.map(window.FomoprocSearch.fold)", samples)
    assert folded == [fold(text) for text in samples]
