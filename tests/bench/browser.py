"""Search timing in headless Chromium: when the first result shows, when the list is whole."""

from __future__ import annotations

import contextlib
import functools
import http.server
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# Installed before any script of the page runs. Times are milliseconds since the navigation
# started. "done": the status line says the search finished and every result carries its
# snippet (Sphinx's own search adds snippets after it says finished, one fetch per result).
PROBE = """
window.__bench = {first: null, finished: null, done: null, results: 0, snippets: 0};
const __check = () => {
  const b = window.__bench;
  const items = document.querySelectorAll("#search-results ul.search > li");
  if (items.length && b.first === null) b.first = performance.now();
  const status = document.querySelector("#search-results p.search-summary");
  const text = status ? status.textContent : "";
  if (/finished|did not match/i.test(text) && b.finished === null) b.finished = performance.now();
  b.results = items.length;
  b.snippets = document.querySelectorAll("#search-results ul.search > li p.context").length;
  if (b.finished !== null && b.done === null && b.snippets >= b.results) b.done = performance.now();
};
new MutationObserver(__check).observe(
  document, {subtree: true, childList: true, characterData: true});
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on a free local port, as a static host would."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def available() -> str:
    """Empty when the search can be timed, else why not."""
    if not Path(CHROMIUM).is_file():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python playwright is not installed"
    return ""


def time_search(
    html: Path, query: str, *, runs: int = 5, timeout_s: float = 120, screenshot: Path | None = None
) -> dict[str, Any]:
    """Median times (ms) to the first result and to the whole list with snippets, of five
    runs (on 2 cores, twelve runs in a row at 5,000 papers showed the first result after
    375 to 602 ms, median 425: the median of three moved by 100 ms between benches)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    samples: list[dict[str, Any]] = []
    with serve(html) as root, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for run in range(runs):
                # A fresh context each run: nothing cached from the run before.
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.add_init_script(PROBE)
                page.goto(f"{root}/search.html?q={query}", wait_until="commit")
                # A timeout is a result to report (the median becomes None), not a failure.
                with contextlib.suppress(PlaywrightTimeout):
                    page.wait_for_function(
                        "window.__bench && window.__bench.done !== null",
                        timeout=timeout_s * 1000,
                        polling=50,
                    )
                samples.append(page.evaluate("window.__bench"))
                if screenshot is not None and run == runs - 1:
                    page.screenshot(path=str(screenshot))
                context.close()
        finally:
            browser.close()

    def median(key: str) -> float | None:
        values = [s[key] for s in samples if s[key] is not None]
        return round(statistics.median(values)) if len(values) == len(samples) else None

    return {
        "query": query,
        "runs": runs,
        "first_ms": median("first"),
        "finished_ms": median("finished"),
        "complete_ms": median("done"),
        "results": samples[-1]["results"],
        "with_snippet": samples[-1]["snippets"],
        "timeout_s": timeout_s,
    }
