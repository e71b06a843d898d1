"""Citation metadata in the head of built paper pages: Highwire tags, JSON-LD, Open Graph.

The test root's export carries every special character a head could choke on:
quotes and ``<`` in the abstract, ``</script>`` included, and ``&`` ``<`` ``>``
in the site name and an affiliation.
"""

from __future__ import annotations

import json
import pickle
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from conftest import load_booklet, rendered
from fomoproc.mathtext import readable_paragraphs
from fomoproc.readers import read_export
from fomoproc.sphinxext import state

ROOT = Path(__file__).parent / "roots" / "test-citations"
PAGE_URL = "https://booklet.example.org/tw/papers/fptQuant01.html"

pytestmark = pytest.mark.sphinx("html", testroot="citations", freshenv=True)


def _head(app: SphinxTestApp, name: str) -> BeautifulSoup:
    html = (Path(app.outdir) / name).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").head


def _named(head: BeautifulSoup, prefix: str) -> list[tuple[str, str]]:
    """(name, content) of the head's meta tags whose name starts with ``prefix``, in order."""
    return [
        (tag["name"], tag["content"])
        for tag in head.find_all("meta", attrs={"name": True})
        if tag["name"].startswith(prefix)
    ]


def _properties(head: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in head.find_all("meta", attrs={"property": True}):
        found.setdefault(tag["property"], []).append(tag["content"])
    return found


def _abstract(forum: str) -> str:
    """A paper's abstract as tags carry it: its math as text."""
    export = read_export(ROOT / "export.json", "ICML.cc/2025/Workshop/TW-Cite")
    return readable_paragraphs(next(p.abstract for p in export.papers if p.id == forum))


def test_highwire_tags_list_authors_in_order(built: SphinxTestApp) -> None:
    tags = _named(_head(built, "papers/fptQuant01.html"), "citation_")
    assert tags == [
        ("citation_title", "FPTQuant: Function-Preserving Transforms for LLM Quantization"),
        ("citation_author", "van Breugel, Boris"),
        ("citation_author", "Bondarenko, Yelysei"),
        ("citation_author", "Whatmough, Paul"),
        ("citation_author", "Nagel, Markus"),
        ("citation_publication_date", "2025/07/19"),
        (
            "citation_conference_title",
            "Proceedings of the Workshop on Citing Things & LLMs (TW-Cite) at ICML 2025",
        ),
        ("citation_pdf_url", "https://openreview.net/pdf?id=fptQuant01"),
        ("citation_abstract_html_url", PAGE_URL),
        ("citation_keywords", "quantization"),
        ("citation_keywords", "LLM"),
        ("citation_keywords", '<b>bold</b> & "quoted"'),
    ]


def test_institutions_follow_their_author(built: SphinxTestApp) -> None:
    tags = _named(_head(built, "papers/affiliated6.html"), "citation_author")
    assert tags == [
        ("citation_author", "Lovelace, Ada"),
        ("citation_author_institution", "Analytical Engines & <Co>"),
        ("citation_author", "Babbage, Charles"),
    ]


def test_special_characters_reach_the_head_as_text(built: SphinxTestApp) -> None:
    head = _head(built, "papers/specials02.html")
    tags = dict(_named(head, "citation_title"))
    # Text stays as written; vetted math reads as text, as the search snippets show it.
    assert tags["citation_title"] == (
        r"50% & #1: C_n {unbalanced ~ ^ \path of {KVPress} and GPT-4 in O(n log n) with {x"
    )
    authors = [value for name, value in _named(head, "citation_author")]
    assert authors[:3] == ["King, Martin Luther, Jr.", "Fernández Ruiz, María José", "Purnawati"]
    assert "citation_pdf_url" not in dict(_named(head, "citation_"))  # no PDF in the export


def test_json_ld_is_a_scholarly_article_that_no_abstract_breaks(built: SphinxTestApp) -> None:
    head = _head(built, "papers/fptQuant01.html")
    (script,) = head.find_all("script", attrs={"type": "application/ld+json"})
    assert "<" not in script.string and ">" not in script.string and "&" not in script.string
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ScholarlyArticle"
    assert (
        data["name"]
        == data["headline"]
        == ("FPTQuant: Function-Preserving Transforms for LLM Quantization")
    )
    assert [a["name"] for a in data["author"]] == [
        "Boris van Breugel",
        "Yelysei Bondarenko",
        "Paul Whatmough",
        "Markus Nagel",
    ]
    assert data["abstract"] == _abstract("fptQuant01")
    assert "with O(n²) math" in data["abstract"]  # "$O(n^2)$" in the export
    assert "</script><script>alert" in data["abstract"]
    assert data["datePublished"] == "2025-07-19"
    assert data["url"] == PAGE_URL
    assert data["sameAs"] == "https://openreview.net/forum?id=fptQuant01"
    assert data["encoding"]["contentUrl"] == "https://openreview.net/pdf?id=fptQuant01"
    # The abstract's </script><script> opened no element: nothing in the page runs "alert".
    page = BeautifulSoup(
        (Path(built.outdir) / "papers/fptQuant01.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert [s for s in page.find_all("script") if "alert" in (s.string or "")] == [script]


def test_open_graph_tags_describe_the_paper(built: SphinxTestApp) -> None:
    properties = _properties(_head(built, "papers/fptQuant01.html"))
    abstract = _abstract("fptQuant01").replace("\n\n", " ")
    assert properties == {
        "og:type": ["article"],
        "og:title": ["FPTQuant: Function-Preserving Transforms for LLM Quantization"],
        "og:description": [abstract],
        "og:url": [PAGE_URL],
        "og:site_name": ["Citations & <Tests> booklet"],
        "article:published_time": ["2025-07-19"],
        "article:tag": ["quantization", "LLM", '<b>bold</b> & "quoted"'],
    }


def test_long_abstracts_are_cut_at_a_word_for_previews() -> None:
    from fomoproc.writers.head import description

    text = "word " * 100
    cut = description(text, limit=50)
    assert len(cut) <= 50 and cut.endswith("word…")


def test_pages_that_are_not_papers_carry_no_citation_tags(built: SphinxTestApp) -> None:
    for name in ("index.html", "papers/index.html", "program/schedule.html"):
        head = _head(built, name)
        assert _named(head, "citation_") == []
        assert head.find("script", attrs={"type": "application/ld+json"}) is None
        assert "og:type" not in _properties(head)


@pytest.mark.sphinx(confoverrides={"fomoproc_scholar_meta": False})
def test_indexing_tags_can_be_turned_off(built: SphinxTestApp) -> None:
    head = _head(built, "papers/fptQuant01.html")
    assert _named(head, "citation_") == []
    assert head.find("script", attrs={"type": "application/ld+json"}) is None
    assert _properties(head)["og:title"] == [
        "FPTQuant: Function-Preserving Transforms for LLM Quantization"
    ]


@pytest.mark.sphinx(confoverrides={"html_baseurl": ""})
def test_without_a_base_url_no_relative_url_is_given(built: SphinxTestApp, status: object) -> None:
    head = _head(built, "papers/fptQuant01.html")
    assert "citation_abstract_html_url" not in dict(_named(head, "citation_"))
    assert "og:url" not in _properties(head)
    assert "url" not in json.loads(head.find("script", type="application/ld+json").string)
    assert "html_baseurl is not set" in status.getvalue()  # type: ignore[attr-defined]


def test_scholar_option_must_be_a_boolean(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = _copy_root(tmp_path)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('fomoproc_scholar_meta = "no"\n')  # a string, and a true one
    with pytest.raises(ConfigError, match="fomoproc_scholar_meta must be bool"):
        make_app("html", srcdir=srcdir)


def test_citation_downloads_are_linked_and_served(built: SphinxTestApp) -> None:
    outdir = Path(built.outdir)
    booklet = load_booklet(ROOT / "export.json", ROOT / "program.toml")
    files = rendered(booklet)
    for page, stem in (("papers/fptQuant01.html", "fptQuant01"), ("papers/index.html", "volume")):
        html = (outdir / page).read_text(encoding="utf-8")
        links = BeautifulSoup(html, "html.parser").select("article .fomo-downloads a.download")
        assert [a.get_text() for a in links] == ["BibTeX", "CSL-JSON", "RIS"]
        for link, suffix in zip(links, (".bib", ".csl.json", ".ris"), strict=True):
            served = (outdir / "papers" / link["href"]).resolve()
            assert served.name == f"{stem}{suffix}"
            assert served.read_bytes() == files[f"papers/bib/{stem}{suffix}"].encode()


def _copy_root(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    return srcdir


def test_heads_are_written_by_parallel_writers(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = make_app("html", srcdir=_copy_root(tmp_path), parallel=2)
    app.build()
    assert app.builder.parallel_ok
    for forum in ("fptQuant01", "specials02", "wangFang03", "clashA0004", "affiliated6"):
        tags = dict(_named(_head(app, f"papers/{forum}.html"), "citation_"))
        assert tags["citation_abstract_html_url"].endswith(f"/papers/{forum}.html")


def test_incremental_builds_keep_and_update_the_heads(tmp_path: Path) -> None:
    # Separate processes, as users run it: in one process the theme's changes to its
    # defaults make every later build look reconfigured, hence full.
    srcdir = _copy_root(tmp_path)
    outdir = tmp_path / "html"

    def build() -> str:
        command = [
            sys.executable,
            "-m",
            "sphinx",
            "--no-color",
            "-b",
            "html",
            str(srcdir),
            str(outdir),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return done.stdout

    build()
    export = srcdir / "export.json"
    text = export.read_text(encoding="utf-8")
    export.write_text(text.replace("Engines With Affiliations", "Engines Renamed"), "utf-8")
    log = build()
    # The paper and the pages that list its title (the papers index, the author index, the
    # schedule's sessions, the posters) change; its neighbours are written again (their
    # links to it show its title), and the agenda page, whose data holds the titles (its
    # address carries their checksum); nothing else.
    assert "updating environment: 0 added, 5 changed, 0 removed" in log
    written = re.findall(r"writing output\.\.\. \[ *\d+%\] (\S+)", log)
    assert set(written) == {
        "index",
        "papers/affiliated6",
        "papers/authors",
        "papers/index",
        "papers/fptQuant01",
        "papers/specials02",
        "program/schedule",
        "program/posters",
        "program/agenda",
    }
    page = (outdir / "papers" / "fptQuant01.html").read_text(encoding="utf-8")
    following = BeautifulSoup(page, "html.parser").select_one(".prev-next-area a.right-next")
    assert "Engines Renamed" in following.get_text()
    heads = {
        forum: BeautifulSoup(
            (outdir / "papers" / f"{forum}.html").read_text(encoding="utf-8"), "html.parser"
        ).head
        for forum in ("affiliated6", "fptQuant01")
    }
    assert dict(_named(heads["affiliated6"], "citation_title")) == {
        "citation_title": "Engines Renamed"
    }
    untouched = dict(_named(heads["fptQuant01"], "citation_title"))
    assert untouched["citation_title"].startswith("FPTQuant")


def test_the_environment_does_not_carry_the_papers(built: SphinxTestApp) -> None:
    # Made afresh at every build; a parallel read pickles the whole environment per chunk.
    build = state.of(built)
    assert build is not None and "papers/fptQuant01" in build.papers
    assert b"fptQuant01" not in pickle.dumps(built.env.get_domain("fomoproc-search").data)
    assert not any(isinstance(v, state.Build) for v in vars(built.env).values())
