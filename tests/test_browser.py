"""The built site in a real browser: Debian's Chromium driven by Playwright, axe-core for access.

The site is the repository's own booklet (docs/, papers/) plus one hostile record,
served over HTTP on 127.0.0.1. Without Chromium or Playwright these tests fail, saying how
to install them (`-m "not browser"` leaves them out).
"""

from __future__ import annotations

import contextlib
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
PHONE = {"width": 390, "height": 844}


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


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(tab: Watched, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab.page.goto(path, wait_until="networkidle")
    results = Axe().run(tab.page).response
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert results["testEngine"]["name"] == "axe-core"
    assert results["url"].endswith(path)
    assert bad == []


@pytest.mark.parametrize("path", [*PAGES, "program/people.html"])
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
