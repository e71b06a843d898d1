"""Odd records: duplicates, empty, whitespace-only, null and wrongly typed fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import BuildBooklet
from fomoproc.writers import bibtex
from hostile import GROUP, write_export


def _note(forum: str, **fields: Any) -> dict[str, Any]:
    content: dict[str, Any] = {
        "title": f"Paper {forum}",
        "venue": "TW I @ ICML 2025 Poster",
        "venueid": GROUP,
        "authors": ["Alice Example"],
        "abstract": f"Abstract of {forum}.",
    }
    content.update(fields)
    return {
        "id": forum,
        "forum": forum,
        "content": {k: v if isinstance(v, dict) else {"value": v} for k, v in content.items()},
    }


# Records a build must take as they are (warnings to the organizer at most).
TOLERATED = [
    _note("dupTitleA", title="The Same Title"),
    _note("dupTitleB", title="The Same Title"),
    _note("emptyStrings", abstract="", TLDR="", keywords=["", "  "], code=""),
    _note("blankFields", abstract=" \n\t\n ", TLDR="\u3000", authors=["  ", "Bob Example"]),
    _note(
        "nullFields",
        abstract=None,
        TLDR=None,
        keywords=None,
        authors=None,
        authorids=None,
        venue=None,
        pdf=None,
        code=None,
        _bibtex=None,
    ),
    _note("nullItems", authors=[None, "Carol Example", None], keywords=[None, "kept"]),
    _note(
        "wrongTypes",
        abstract=42,
        TLDR=["a", "list"],
        keywords={"not": "a list"},
        authors="Dan Example, Eve Example",
        venue=7,
        pdf=3.5,
        code=["https://example.org"],
        _bibtex=False,
    ),
    _note("bareNullContent", title={"value": "Bare value wrappers"}, abstract={"value": None}),
]


@pytest.fixture
def tolerated(tmp_path: Path, build_booklet: BuildBooklet) -> Path:
    export = write_export(tmp_path / "odd.json", TOLERATED)
    assert build_booklet(export=export) == 0
    return tmp_path / "out" / "html"


def _article(html: Path, forum: str) -> str:
    page = BeautifulSoup((html / "papers" / f"{forum}.html").read_text("utf-8"), "html.parser")
    return " ".join(page.select_one("article").get_text(" ").split())


def test_odd_but_usable_records_each_get_a_page(tolerated: Path) -> None:
    pages = {p.stem for p in (tolerated / "papers").glob("*.html")} - {
        "index",
        "authors",
        "keywords",
    }
    assert pages == {note["forum"] for note in TOLERATED}
    for forum in pages:
        text = _article(tolerated, forum)
        for junk in ("None", "null", "[]", "{}", "42", "3.5", "False"):
            assert f" {junk} " not in f" {text} ", (forum, junk)


def test_duplicate_titles_keep_both_papers_with_distinct_keys(tolerated: Path) -> None:
    (volume,) = list(tolerated.rglob("volume.bib"))
    entries = bibtex.parse(volume.read_text("utf-8")).entries
    same = [e for e in entries if e.fields_dict["title"].value == "The Same Title"]
    assert len(same) == 2
    assert len({e.key for e in same}) == 2


def test_empty_and_blank_abstracts_say_so(tolerated: Path) -> None:
    for forum in ("emptyStrings", "blankFields", "nullFields", "wrongTypes", "bareNullContent"):
        assert "The authors did not provide an abstract." in _article(tolerated, forum)
    blank = _article(tolerated, "blankFields")
    assert "Bob Example" in blank and "TL;DR" not in blank
    assert "Carol Example" in _article(tolerated, "nullItems")
    assert "kept" in _article(tolerated, "nullItems")


def test_a_second_record_with_one_id_is_listed_and_the_first_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build_booklet: BuildBooklet
) -> None:
    export = write_export(tmp_path / "odd.json", [_note("dup1"), _note("dup1", title="Again")])
    assert build_booklet(export=export) == 0
    out = capsys.readouterr().out
    assert "odd.json, paper dup1, id: warning: a second record with the id of paper dup1" in out
    assert "excluded dup1 'Again': duplicate of paper dup1" in out
    page = (tmp_path / "out" / "html" / "papers" / "dup1.html").read_text(encoding="utf-8")
    assert "Paper dup1" in page and "Again" not in page


# Records that cannot become a page: the build names file, paper and field, and stops
# before Sphinx runs, leaving the previous output as it was.
REFUSED = [
    pytest.param([_note("t1", title=None)], "paper t1, title", id="null-title"),
    pytest.param([_note("t2", title="")], "paper t2, title", id="empty-title"),
    pytest.param([_note("t3", title=" \u200b\n ")], "paper t3, title", id="blank-title"),
    pytest.param([_note("t4", title=123)], "paper t4, title", id="number-title"),
    pytest.param([None, 5], "paper record 2, content", id="not-notes"),
    pytest.param([{**_note("x"), "forum": "../../etc"}], "paper ../../etc, id", id="path-forum-id"),
]


@pytest.mark.parametrize(("records", "where"), REFUSED)
def test_unusable_records_are_named_and_nothing_crashes(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    build_booklet: BuildBooklet,
    records: list[Any],
    where: str,
) -> None:
    export = write_export(tmp_path / "odd.json", [_note("goodPaper"), *records])
    status = build_booklet(export=export)
    out = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out.out + out.err
    assert f"odd.json, {where}: error" in out.out + out.err
    assert not (tmp_path / "out").exists()
