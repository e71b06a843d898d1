"""The HTML booklet built by Sphinx from a small export: pages, links, math, search, BibTeX."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from fomoproc.sphinxext.searchindex import PACKED
from fomoproc.writers import bibtex

pytestmark = pytest.mark.sphinx("html", testroot="booklet")


def _page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


def test_each_accepted_paper_gets_a_page_and_no_other_record_does(built: SphinxTestApp) -> None:
    pages = sorted(p.stem for p in (Path(built.outdir) / "papers").glob("*.html"))
    assert pages == ["authors", "index", "keywords", "oralPaper1", "postPaper3", "spotPaper2"]


def test_excluded_records_are_listed_with_their_reason(
    built: SphinxTestApp, status: object
) -> None:
    log = status.getvalue()  # type: ignore[attr-defined]
    assert "5 records: 3 accepted (1 oral, 1 spotlight, 1 poster), 2 excluded" in log
    assert "excluded rejected04 'A rejected paper': rejected" in log
    assert "excluded withdrawn5 'A withdrawn paper': withdrawn" in log


def test_math_in_title_and_abstract_is_rendered_and_money_is_not(built: SphinxTestApp) -> None:
    page = _page(built, "papers/oralPaper1.html")
    maths = [m.get_text() for m in page.select("article span.math")]
    assert r"\(O(n \log n)\)" in maths
    assert r"\(O(n^2)\)" in maths and r"\(3.9\times\)" in maths
    text = page.select_one("article").get_text(" ")
    assert "costs $5 and $10, 40% & more_things ~ #1 {braces}" in text


def test_math_in_a_neighbours_title_loads_mathjax_for_the_previous_link(
    built: SphinxTestApp,
) -> None:
    page = _page(built, "papers/postPaper3.html")  # no math of its own
    previous = page.select_one(".prev-next-area a.left-prev")
    assert previous.select_one("span.math").get_text() == r"\(2\times\)"
    scripts = [s.get("src", "") for s in page.select("script")]
    assert any(src.split("?")[0].endswith("mathjax/tex-chtml.js") for src in scripts)


def test_math_in_a_listed_title_is_typeset_and_loads_mathjax(built: SphinxTestApp) -> None:
    # The papers index is a {fomoproc-list}: its nodes are made as the page is written.
    page = _page(built, "papers/index.html")
    links = {a["href"]: a for a in page.select("article li a[href$='.html']")}
    assert links["oralPaper1.html"].select_one("span.math").get_text() == r"\(O(n \log n)\)"
    scripts = [s.get("src", "") for s in page.select("script")]
    assert any(src.split("?")[0].endswith("mathjax/tex-chtml.js") for src in scripts)


def test_hostile_title_is_shown_as_text(built: SphinxTestApp) -> None:
    page = _page(built, "papers/postPaper3.html")
    heading = page.select_one("article h1")
    assert heading.get_text().rstrip("#") == (
        "<script>alert(1)</script> ```{eval-rst} and {download}`/etc/passwd`"
    )
    assert page.select("article script") == []
    assert not any(a.get("href", "").startswith("javascript") for a in page.select("a"))
    assert "Mallory <b>Bold</b>" in page.select_one("article").get_text()


def test_paper_page_shows_authors_kind_slot_and_links(built: SphinxTestApp) -> None:
    page = _page(built, "papers/oralPaper1.html")
    article = page.select_one("article")
    text = article.get_text(" ")
    for name in ("Łukasz Zieliński", "Zoë Durand", "Nguyễn Thị Hương", "Иван Петров", "王芳"):
        assert name in text
    assert article.select_one(".sd-badge").get_text() == "Oral"
    assert "9:30–9:45 AM" in text and "PDT" in text
    links = {a.get_text(): a["href"] for a in article.select(".fomo-links a")}
    assert links == {
        "OpenReview": "https://openreview.net/forum?id=oralPaper1",
        "PDF": "https://openreview.net/pdf?id=oralPaper1",
        "Code": "https://github.com/example-org/fast-attn",
    }


def test_bibtex_block_parses_back_to_the_same_fields(built: SphinxTestApp) -> None:
    page = _page(built, "papers/oralPaper1.html")
    block = page.select_one("div.highlight-bibtex pre").get_text()
    download = next(a for a in page.select("a.download") if a["href"].endswith(".bib"))
    assert (Path(built.outdir) / "papers" / download["href"]).read_text() == block
    (entry,) = bibtex.parse(block).entries
    assert entry.entry_type == "inproceedings"
    assert entry.fields_dict["title"].value == (
        r"Sub-quadratic Attention in {$O(n \log n)$} for {LLMs}"
    )
    assert entry.fields_dict["author"].value.startswith("Zieliński, Łukasz and Durand, Zoë")
    assert "van der Berg, Anouk" in entry.fields_dict["author"].value
    assert entry.fields_dict["note"].value == "Non-archival"
    assert entry.fields_dict["url"].value == "https://openreview.net/forum?id=oralPaper1"
    assert entry.fields_dict["year"].value == "2025"


def test_openreview_bibtex_key_is_kept(built: SphinxTestApp) -> None:
    block = _page(built, "papers/spotPaper2.html").select_one("div.highlight-bibtex pre")
    assert block.get_text().startswith("@inproceedings{mononym2025spotlight,")


def test_schedule_links_talks_to_papers_and_speakers(built: SphinxTestApp) -> None:
    table = _page(built, "program/schedule.html").select_one("table.fomo-schedule")
    hrefs = {a.get_text(" ", strip=True): a["href"] for a in table.select("a")}
    assert hrefs["Ada Example"] == "people.html#speaker-ada"
    assert any(h == "../papers/oralPaper1.html" for h in hrefs.values())
    # matched by title, math included
    assert any(h == "../papers/spotPaper2.html" for h in hrefs.values())
    cells = [td.get_text(" ", strip=True) for td in table.select("td")]
    assert any(c.startswith("A talk whose paper is missing") for c in cells)
    assert "9:00–9:30 AM" in cells


def test_papers_index_groups_by_kind(built: SphinxTestApp) -> None:
    page = _page(built, "papers/index.html")
    groups = [h.get_text().rstrip("#") for h in page.select("article h2")]
    assert groups == ["Orals", "Spotlights", "Posters"]


def test_search_index_has_title_author_and_abstract_words(built: SphinxTestApp) -> None:
    raw = (Path(built.outdir) / "searchindex.js").read_text(encoding="utf-8")
    index = PACKED.loads(raw)
    terms = index["terms"]
    titles = index["titleterms"]
    assert "quokka" in terms  # abstract word, stemmed
    assert "zymurg" in terms
    assert "attent" in titles
    assert "zielinski" in terms  # folded: "Zielinski" and "Zieliński" find it alike
