"""Sessions hold their papers, papers know when and where, and the booklet knows its address."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from sphinx.testing.util import SphinxTestApp

from conftest import BOOKLET_ROOT, BuildBooklet
from fomoproc.booklet import assemble, stems
from fomoproc.cli import main
from fomoproc.errors import InputError
from fomoproc.model import Author, Export, Kind, Paper, Program, Slot, SlotKind, Workshop
from fomoproc.readers.program import read_program

ZONE = zoneinfo.ZoneInfo("America/Vancouver")
WORKSHOP = Workshop(
    short_name="TW",
    name="Test Workshop",
    conference="ICML 2025",
    group_id="Conf.cc/2025/Workshop/TW",
    date=dt.date(2025, 7, 18),
    timezone="America/Vancouver",
    room="Hall A",
)
REPO = Path(__file__).parent.parent


def _at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 7, 18, hour, minute, tzinfo=ZONE)


def _paper(forum: str, kind: Kind, number: int | None, **more: str) -> Paper:
    return Paper(
        id=forum,
        number=number,
        title=f"Paper {forum}",
        authors=(Author(name=f"Author {forum}"),),
        abstract="",
        kind=kind,
        **more,
    )


def _slot(hour: int, kind: SlotKind, **more: object) -> Slot:
    return Slot(start=_at(hour), end=_at(hour, 30), kind=kind, title=kind.label, **more)  # type: ignore[arg-type]


def _booklet(papers: list[Paper], schedule: list[Slot]) -> tuple[Program, Export]:
    program = Program(workshop=WORKSHOP, schedule=tuple(schedule), source="program.toml")
    export = Export(source="export.json", records=len(papers), papers=tuple(papers), exclusions=())
    return program, export


def _warnings(problems: object) -> list[str]:
    return [f"{p.field}: {p.message}" for p in problems]  # type: ignore[attr-defined]


def test_one_session_of_each_kind_has_every_paper_of_its_kind() -> None:
    papers = [
        _paper("oralA", Kind.ORAL, 3),
        _paper("spotB", Kind.SPOTLIGHT, 2),
        _paper("postC", Kind.POSTER, 1),
    ]
    schedule = [
        _slot(9, SlotKind.ORAL, paper="oralA"),
        _slot(10, SlotKind.SPOTLIGHT_SESSION),
        _slot(11, SlotKind.POSTER_SESSION, number_boards=True),
    ]
    booklet = assemble(*_booklet(papers, schedule)[::-1])
    assert booklet.sessions == {0: ("oralA",), 1: ("spotB",), 2: ("postC", "spotB", "oralA")}
    # Boards by paper number; every paper knows its slots in time order.
    assert [(p.slot, p.board) for p in booklet.presentations["oralA"]] == [(0, ""), (2, "3")]
    assert [(p.slot, p.board) for p in booklet.presentations["spotB"]] == [(1, ""), (2, "2")]
    assert [(p.slot, p.board) for p in booklet.presentations["postC"]] == [(2, "1")]
    assert booklet.problems == ()


def test_the_program_and_the_overrides_place_papers_in_several_sessions() -> None:
    papers = [
        _paper("a", Kind.POSTER, 1),
        _paper("b", Kind.POSTER, 2, session="Afternoon posters", board="B7"),
        _paper("c", Kind.POSTER, 3),
        _paper("d", Kind.POSTER, 4),
        _paper("e", Kind.ORAL, 5),
    ]
    morning = _slot(
        9, SlotKind.POSTER_SESSION, session="Morning posters", papers=("c", "a", "zz"),
        boards=(("c", "10"), ("a", "2")),
    )  # fmt: skip
    afternoon = _slot(14, SlotKind.POSTER_SESSION, session="Afternoon posters", number_boards=True)
    booklet = assemble(*_booklet(papers, [morning, afternoon])[::-1])
    # Posters in board order ("2" before "10"); the afternoon numbers its boards around B7.
    assert booklet.sessions[0] == ("a", "c")
    assert booklet.sessions[1] == ("b",)
    assert [p.board for p in booklet.presentations["b"]] == ["B7"]
    warnings = _warnings(booklet.problems)
    assert any("lists paper zz, which is not an accepted paper" in w for w in warnings)
    # Two poster sessions and no word for d and e: one warning that lists them.
    assert any(w.startswith("schedule: 2 papers are in no poster session (e, d)") for w in warnings)
    # The oral no slot names.
    assert any("oral 'Paper e' is named by no oral slot" in w for w in warnings)


def test_boards_given_twice_are_reported_and_numbers_skip_given_boards() -> None:
    papers = [_paper(f, Kind.POSTER, n, board=b) for f, n, b in (("a", 1, "2"), ("b", 2, "2"))]
    papers.append(_paper("c", Kind.POSTER, 3))
    booklet = assemble(
        *_booklet(papers, [_slot(9, SlotKind.POSTER_SESSION, number_boards=True)])[::-1]
    )
    assert [booklet.presentations[f][0].board for f in "abc"] == ["2", "2", "1"]
    assert any(
        "board '2' of 'Posters' is also paper #1 (a)'s" in w for w in _warnings(booklet.problems)
    )


def test_file_names_never_clash_with_generated_names_or_each_other() -> None:
    papers = tuple(
        _paper(forum, Kind.POSTER, None)
        for forum in ("index", "Authors", "volume", "AbCd", "abcd", "Plain_id-1")
    )
    names = stems(papers)
    assert names["Plain_id-1"] == "Plain_id-1"
    assert len({name.casefold() for name in names.values()}) == len(papers)
    for forum in ("index", "Authors", "volume", "AbCd", "abcd"):
        assert names[forum].startswith(f"{forum}.") and names[forum] != forum
    assert stems(papers) == names  # the same at every build


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'kind = "break"\npapers = ["a"]',
            "only a spotlight-session or poster-session lists papers",
        ),
        ('kind = "oral"\nboards = "auto"', "only a poster-session has boards"),
        ('kind = "poster-session"\nboards = "all"', 'expected "auto" or a table of paper id'),
        ('kind = "poster-session"\npapers = ["a", "a"]', "a listed twice"),
    ],
    ids=["papers-of-a-break", "boards-of-an-oral", "boards-word", "papers-twice"],
)
def test_program_errors_of_sessions_name_the_field(
    tmp_path: Path, table: str, message: str
) -> None:
    program = tmp_path / "program.toml"
    program.write_text(
        '[workshop]\nshort_name = "TW"\nname = "T"\nconference = "C"\n'
        'openreview_group = "G"\ndate = 2025-07-18\ntimezone = "UTC"\n'
        f'[[schedule]]\nstart = "09:00"\n{table}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=re.escape(message)):
        read_program(program)


def test_the_program_gives_the_booklets_address(tmp_path: Path) -> None:
    program = tmp_path / "program.toml"
    head = (
        '[workshop]\nshort_name = "TW"\nname = "T"\nconference = "C"\n'
        'openreview_group = "G"\ndate = 2025-07-18\ntimezone = "UTC"\n'
    )
    program.write_text(head + 'url = "https://example.org/booklet/"\n', encoding="utf-8")
    assert read_program(program).workshop.url == "https://example.org/booklet/"
    program.write_text(head + 'url = "javascript:alert(1)"\n', encoding="utf-8")
    with pytest.raises(InputError, match=re.escape("workshop.url: expected the booklet's http")):
        read_program(program)


SESSIONS_PROGRAM = """
url = "https://booklet.example.org/tw"

[[schedule]]
start = "09:00"
kind = "oral"
paper = "progA"
title = "Kernel Fusion"

[[schedule]]
start = "09:15"
kind = "spotlight-session"
title = "Lightning talks"

[[schedule]]
start = "10:00"
end = "11:00"
kind = "poster-session"
title = "Posters"
boards = "auto"
"""


@pytest.fixture
def sessions_root(tmp_path: Path) -> Path:
    """The program root, with a spotlight session, numbered boards and an address."""
    srcdir = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-program", srcdir)
    program = (srcdir / "program.toml").read_text(encoding="utf-8")
    head, _, rest = program.partition("[[schedule]]")
    people = rest[rest.index("[[speakers]]") :]
    (srcdir / "program.toml").write_text(head + SESSIONS_PROGRAM + people, encoding="utf-8")
    (srcdir / "index.md").write_text(
        "# TW\n\n```{fomoproc-downloads}\n```\n\n```{toctree}\nprogram/schedule\n"
        "papers/index\nprogram/people\n```\n",
        encoding="utf-8",
    )
    return srcdir


def _page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


def test_the_site_connects_the_schedule_and_the_papers(
    make_app: Callable[..., SphinxTestApp], sessions_root: Path
) -> None:
    app = make_app("html", srcdir=sessions_root)
    app.build()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    schedule = _page(app, "program/schedule.html")
    anchors = {tag["id"] for tag in schedule.select("[id]")}
    assert {"slot-oral-1", "slot-spotlight-session-1", "slot-poster-session-1"} <= anchors
    # The sessions list their papers: the spotlight, then every poster by board.
    spotlights = schedule.select_one("#session-spotlight-session-1 ~ ol")
    assert [a.get_text() for a in spotlights.select("li a")] == ["Spotlight on Sparsity"]
    posters = schedule.select_one("#session-poster-session-1 ~ ul")
    assert [li.get_text(" ", strip=True)[:7] for li in posters.select("li")] == [
        "Board 1", "Board 2", "Board 3"
    ]  # fmt: skip
    # A poster's page: one line, its session and board linked to the schedule's row.
    paper = _page(app, "papers/progB.html")
    line = paper.select_one("article p:has(.sd-badge)")
    assert re.search(r"Poster Friday 18 July 2025 · Posters, 10:00–11:00 AM, board \d \(PDT\)",
                     " ".join(line.get_text().split()))  # fmt: skip
    assert [a["href"] for a in line.select("a")] == [
        "../program/schedule.html#slot-poster-session-1"
    ]
    # The oral: its talk and its poster; the spotlight: its session and its poster.
    oral = _page(app, "papers/progA.html").select_one("article p:has(.sd-badge)")
    assert [a["href"].split("#")[1] for a in oral.select("a")] == [
        "slot-oral-1", "slot-poster-session-1"
    ]  # fmt: skip
    # Every link to the schedule, from any page, lands on an anchor of the schedule.
    for page in out.rglob("*.html"):
        for link in BeautifulSoup(page.read_text("utf-8"), "html.parser").select("a[href]"):
            target, anchor = urldefrag((page.parent / link["href"]).as_posix())
            if Path(target).resolve() == (out / "program/schedule.html").resolve() and anchor:
                assert anchor in anchors, f"{page}: {link['href']}"
    # The posters page, by board; the papers index says when and where.
    table = _page(app, "program/posters.html").select_one("table.fomo-posters")
    boards = [row.select("td")[0].get_text(strip=True) for row in table.select("tbody tr")]
    assert boards == ["1", "2", "3"]
    index = " ".join(_page(app, "papers/index.html").get_text().split())
    assert "Posters, 10:00 AM, board" in index and "Kernel Fusion, 9:00 AM" in index


def test_the_booklets_address_reaches_calendars_tags_and_the_sitemap(
    make_app: Callable[..., SphinxTestApp], sessions_root: Path
) -> None:
    app = make_app("html", srcdir=sessions_root)
    app.build()
    base = "https://booklet.example.org/tw/"
    assert app.config.html_baseurl == base
    out = Path(app.outdir)
    paper = _page(app, "papers/progA.html")
    assert paper.select_one("link[rel=canonical]")["href"] == f"{base}papers/progA.html"
    assert paper.select_one("meta[property='og:url']")["content"] == f"{base}papers/progA.html"
    calendar = Calendar.from_ical((out / "program/calendar/program.ics").read_bytes())
    urls = {str(e["SUMMARY"])[:6]: str(e["URL"]) for e in calendar.walk("VEVENT")}
    assert urls["Oral: "] == f"{base}papers/progA.html"
    assert f"{base}program/schedule.html#slot-poster-session-1" in urls.values()
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locs == sorted(locs) and f"{base}papers/progB.html" in locs
    assert f"{base}program/posters.html" in locs and len(locs) == len(app.env.found_docs)
    # The 404 page's links are absolute under the booklet's path.
    missing = (out / "404.html").read_text(encoding="utf-8")
    assert 'href="/tw/_static/' in missing or 'href="/tw/' in missing


def test_the_home_page_offers_the_pdf_the_citations_and_the_calendar(
    make_app: Callable[..., SphinxTestApp], sessions_root: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "booklet.pdf"
    pdf.write_bytes(b"%PDF-1.7 sample")
    app = make_app("html", srcdir=sessions_root, confoverrides={"fomoproc_pdf": str(pdf)})
    app.build()
    box = _page(app, "index.html").select_one("article .fomo-downloads")
    links = {a.get_text(): a["href"] for a in box.select("a.download")}
    assert links == {
        "Program booklet (PDF)": "booklet.pdf",
        "BibTeX": "papers/bib/volume.bib",
        "CSL-JSON": "papers/bib/volume.csl.json",
        "RIS": "papers/bib/volume.ris",
        "The day in your calendar (.ics)": "program/calendar/program.ics",
    }
    for href in links.values():
        assert (Path(app.outdir) / href).is_file(), href
    assert (Path(app.outdir) / "booklet.pdf").read_bytes() == b"%PDF-1.7 sample"


def test_without_a_pdf_the_home_page_does_not_offer_one(
    make_app: Callable[..., SphinxTestApp], sessions_root: Path
) -> None:
    app = make_app("html", srcdir=sessions_root)
    app.build()
    box = _page(app, "index.html").select_one("article .fomo-downloads")
    assert "PDF" not in box.get_text() and not (Path(app.outdir) / "booklet.pdf").exists()


def test_the_sample_builds_without_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(
        REPO / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("papers", "program")
    )
    status = main([
        "build", "--no-pdf", "--docs", str(tmp_path / "docs"),
        "--export", str(REPO / "papers" / "export.json"),
        "--program", str(REPO / "papers" / "program.toml"), "--out", str(tmp_path / "out"),
    ])  # fmt: skip
    said = capsys.readouterr()
    assert status == 0, said.err
    assert "warning" not in (said.out + said.err).casefold()
    # Its orals and spotlights are named by id, its posters have boards.
    schedule = (tmp_path / "out/html/program/schedule.html").read_text("utf-8")
    assert schedule.count("Board ") >= 20 and "7 spotlight talks" in schedule


def _note(forum: str, title: str, venue: str = "TW @ ICML 2025 Poster") -> dict[str, object]:
    content = {
        "title": title,
        "venue": venue,
        "venueid": "ICML.cc/2025/Workshop/TW",
        "authors": [f"Author of {forum}"],
        "authorids": [f"~Author_{forum}1"],
        "abstract": f"The abstract of {forum}.",
    }
    return {"id": forum, "forum": forum, "content": {k: {"value": v} for k, v in content.items()}}


NAMESAKE_SPEAKERS = """
[[schedule]]
start = "09:00"
kind = "invited-talk"
speaker = "王芳"
title = "One"

[[schedule]]
start = "09:30"
kind = "invited-talk"
speaker = "李明"
title = "Two"

[[schedule]]
start = "10:00"
kind = "invited-talk"
speaker = "Jürgen Müller"
title = "Three"

[[schedule]]
start = "10:30"
kind = "invited-talk"
speaker = "Jörgen Möller"
title = "Four"

[[schedule]]
start = "11:00"
kind = "poster-session"
title = "Posters"

[[speakers]]
name = "王芳"

[[speakers]]
name = "李明"

[[speakers]]
name = "Jürgen Müller"

[[speakers]]
name = "Jörgen Möller"
"""


def test_ids_and_names_that_would_clash_get_pages_and_anchors_of_their_own(
    build_booklet: BuildBooklet, tmp_path: Path
) -> None:
    # Ids equal to a generated page's name or differing only in case; speakers whose names
    # have no ASCII letters, or fold to close ASCII spellings.
    forums = ["index", "authors", "keywords", "volume", "AbCdEf", "abcdef"]
    export = tmp_path / "clash.json"
    notes = [_note(forum, f"The paper {forum}") for forum in forums]
    export.write_text(json.dumps({"notes": notes}), encoding="utf-8")
    program = tmp_path / "program.toml"
    head = (BOOKLET_ROOT / "program.toml").read_text(encoding="utf-8").split("[[schedule]]")[0]
    program.write_text(head + NAMESAKE_SPEAKERS, encoding="utf-8")
    assert build_booklet(export=export, program=program) == 0
    html = tmp_path / "out" / "html"
    pages = {}
    for page in (html / "papers").glob("*.html"):
        title = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("article h1")
        pages[title.get_text().rstrip("#")] = page
    assert sorted(pages) == sorted(
        [f"The paper {forum}" for forum in forums]
        + ["Accepted papers", "Authors", "Papers by keyword"]
    )
    for forum in forums:
        page = pages[f"The paper {forum}"]
        bib = html / "papers" / "bib" / f"{page.stem}.bib"
        assert f"forum?id={forum}}}" in bib.read_text("utf-8")
    people = BeautifulSoup((html / "program/people.html").read_text("utf-8"), "html.parser")
    anchors = [tag["id"] for tag in people.select("[id^=speaker-]")]
    assert len(anchors) == len(set(anchors)) == 4
    assert all(anchor.isascii() and anchor != "speaker-" for anchor in anchors)
    schedule = (html / "program/schedule.html").read_text("utf-8")
    for anchor in anchors:
        assert f'people.html#{anchor}"' in schedule
