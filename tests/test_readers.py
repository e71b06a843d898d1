"""Every export format: each record becomes a paper or a listed exclusion, with the right fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fomoproc.errors import InputError
from fomoproc.model import Export, Kind, Severity
from fomoproc.readers import FORMATS, detect, read_export

FIXTURES = Path(__file__).parent / "fixtures"
GROUP = "Conf.cc/2025/Workshop/TW"


def read(name: str, **options: object) -> Export:
    path = FIXTURES / name
    return read_export(path, str(options.pop("group", GROUP)), **options)  # type: ignore[arg-type]


def paper(export: Export, forum: str):  # type: ignore[no-untyped-def]
    return next(p for p in export.papers if p.id == forum)


def problems(export: Export, paper: str = "", field: str = "") -> list[str]:
    return [
        f"{p.severity.value}: {p.message}"
        for p in export.problems
        if paper in p.paper and p.field.startswith(field)
    ]


def reasons(export: Export) -> dict[str, str]:
    return {e.record: e.reason for e in export.exclusions}


def test_every_record_is_a_paper_or_an_exclusion_in_every_format() -> None:
    exports = [
        read("v2-notes.json"),
        read("v2-authors.jsonl"),
        read("v1-notes.json", group="Conf.cc/2019/Workshop/V1"),
        read("paperlists.json"),
        read("pc-console.csv", notes=FIXTURES / "pc-console-notes.json"),
        read("spreadsheet.csv"),
    ]
    assert [e.format for e in exports] == [
        "openreview",
        "openreview",
        "openreview-v1",
        "paperlists",
        "pc-console",
        "spreadsheet",
    ]
    for export in exports:
        assert len(export.papers) + len(export.exclusions) == export.records > 0


def test_v2_notes_exclusions_name_their_reason() -> None:
    export = read("v2-notes.json")
    assert export.records == 13
    assert reasons(export) == {
        "rejected04": "rejected",
        "withdrawn5": "withdrawn",
        "deskrej006": "desk-rejected",
        "otherVenue7": "not in this venue (venueid Other.cc/2025/Workshop/Y)",
        "kunXuOral1": "duplicate of paper #1 (kunXuOral1)",
        "noTitle009": "no title",
        "record 10": "not an OpenReview note (no content object)",
    }
    assert problems(export, "noTitle009", "title") == ["error: missing or empty title"]
    assert problems(export, "record 10") == ["error: not an OpenReview note: no content object"]


def test_v2_kind_comes_from_the_venue_text_case_insensitively() -> None:
    export = read("v2-notes.json")
    assert paper(export, "kunXuOral1").kind is Kind.ORAL
    assert paper(export, "spotNoNum2").kind is Kind.SPOTLIGHT  # "spotlightposter"
    assert paper(export, "mojibake03").kind is Kind.POSTER


def test_namesakes_with_different_profile_ids_stay_two_authors() -> None:
    kun4, kun6, ada = paper(read("v2-notes.json"), "kunXuOral1").authors
    assert (kun4.name, kun4.profile_id) == ("Kun Xu", "~Kun_Xu4")
    assert (kun6.name, kun6.profile_id) == ("Kun Xu", "~Kun_Xu6")
    assert ada.profile_id == "~Ada_Lovelace1"


def test_a_paper_without_a_number_keeps_its_forum_id() -> None:
    spotlight = paper(read("v2-notes.json"), "spotNoNum2")
    assert spotlight.number is None
    assert spotlight.openreview_url == "https://openreview.net/forum?id=spotNoNum2"


def test_text_is_normalised_and_mojibake_repaired_and_reported() -> None:
    export = read("v2-notes.json")
    repaired = paper(export, "mojibake03")
    assert repaired.title == "Café Attention for Naïve Models"
    assert repaired.authors[0].name == "Zoë Quinn"
    assert repaired.abstract == "Fast attention with extra spaces."
    assert "warning: broken encoding (mojibake) repaired" in problems(export, "mojibake03")
    oral = paper(export, "kunXuOral1")
    assert oral.abstract == (
        "We study attention. This line was hard-wrapped by the form.\n\nA second paragraph."
    )
    assert oral.keywords == ("attention", "Attention", "efficiency")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # A continuation byte 0xA0 (a no-break space in Latin-1) that became a space.
        ("VoilÃ  la Attention", "Voilà la Attention"),
        ("â€“ Attention", "– Attention"),
        # Typography and names followed by a space are not mojibake, and are not touched.
        ("José – Pérez: “Attention” × 2", "José – Pérez: “Attention” × 2"),
    ],
)
def test_mojibake_with_a_space_for_a_lost_byte(tmp_path: Path, title: str, expected: str) -> None:
    notes = json.loads((FIXTURES / "v2-notes.json").read_text(encoding="utf-8"))
    note = next(n for n in notes if n["id"] == "mojibake03")
    note["content"]["title"]["value"] = title
    (tmp_path / "export.json").write_text(json.dumps(notes), encoding="utf-8")
    export = read_export(tmp_path / "export.json", GROUP)
    assert paper(export, "mojibake03").title == expected
    repaired = "warning: broken encoding (mojibake) repaired"
    assert (repaired in problems(export, "mojibake03", "title")) == (title != expected)


def test_code_link_from_the_field_else_from_the_abstract() -> None:
    export = read("v2-notes.json")
    assert paper(export, "kunXuOral1").code_url == "https://github.com/example/kunxu"
    assert paper(export, "spotNoNum2").code_url == "https://github.com/example/spot"


def test_only_http_links_are_kept_and_the_rest_reported() -> None:
    export = read("v2-notes.json")
    bad = paper(export, "badLinks11")
    assert bad.pdf_url == "" and bad.code_url == ""
    found = problems(export, "badLinks11")
    assert "warning: not an http(s) URL, not linked: 'javascript:alert(1)'" in found
    assert "warning: not an http(s) URL, not linked: 'ftp://example.org/code'" in found
    assert paper(export, "kunXuOral1").pdf_url == "https://openreview.net/pdf?id=kunXuOral1"


def test_problems_a_check_reports() -> None:
    export = read("v2-notes.json")
    assert problems(export, "badLinks11", "authorids") == [
        "warning: 2 authors but 1 author ids: ids left out, "
        "so these authors are told apart by name only"
    ]
    assert paper(export, "badLinks11").authors[0].profile_id == ""
    assert any("$\\input{x}$" in p for p in problems(export, "badLinks11", "abstract"))
    assert problems(export, "braces012", "title") == [
        "warning: unbalanced { } in the title: shown as typed (a title override can fix it)"
    ]
    assert problems(export, "sameTitle13", "title") == [
        "warning: same title as paper #3 (mojibake03): two pages with one title"
    ]
    assert problems(export, "kunXuOral1", "id") == [
        "warning: a second record with the id of paper #1 (kunXuOral1): only the first is used"
    ]


def test_overrides_fix_fields_exclude_papers_and_reject_unknown_ids() -> None:
    export = read("v2-notes.json", overrides=FIXTURES / "v2-notes-overrides.toml")
    fixed = paper(export, "braces012")
    assert fixed.title == "An Unbalanced Title, Fixed"
    assert not problems(export, "braces012")
    moved = paper(export, "mojibake03")
    assert (moved.kind, moved.session, moved.board) == (Kind.SPOTLIGHT, "Poster session 2", "42")
    assert moved.code_url == "https://huggingface.co/example/model"
    assert reasons(export)["sameTitle13"] == (
        "excluded by the organizers: a duplicate submission of paper 3"
    )
    unknown = [p for p in export.problems if p.paper == "notInExport"]
    assert [(p.severity, p.file) for p in unknown] == [
        (Severity.ERROR, str(FIXTURES / "v2-notes-overrides.toml"))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("[papers.x]\ncolour = 'red'\n", "papers.x.colour: unknown field", id="field"),
        pytest.param("[papers.x]\nkind = 'keynote'\n", "'keynote' is not oral", id="kind"),
        pytest.param("[papers.x]\ntitle = ''\n", "papers.x.title: must be a non-empty", id="empty"),
        pytest.param("[papers.x]\nkeywords = 'a'\n", "must be a list of strings", id="keywords"),
        pytest.param("papers = 1\n", "papers must be tables", id="shape"),
        pytest.param("[papers.x\n", "not valid TOML", id="toml"),
    ],
)
def test_a_malformed_overrides_file_is_one_error_naming_the_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    overrides = tmp_path / "overrides.toml"
    overrides.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"overrides\.toml") as raised:
        read("v2-notes.json", overrides=overrides)
    assert expected in str(raised.value)


def test_v2_author_objects_carry_profile_ids_and_affiliations() -> None:
    export = read("v2-authors.jsonl")
    kun, boris = paper(export, "objAuthors1").authors
    assert (kun.name, kun.profile_id, kun.affiliation) == ("Kun Xu", "~Kun_Xu4", "Uni A; Lab B")
    assert (boris.name, boris.profile_id) == ("Boris van Breugel", "~Boris_van_Breugel2")
    assert paper(export, "objAuthors2").authors[0].name == "Mononym"


def test_v1_decisions_come_from_reply_notes_and_emails_are_never_kept() -> None:
    export = read("v1-notes.json", group="Conf.cc/2019/Workshop/V1")
    assert export.records == 4  # submissions only; the replies are not records
    oral = paper(export, "v1Oral0001")
    assert oral.kind is Kind.ORAL and oral.tldr == "short" and oral.keywords == ("pruning",)
    assert [a.profile_id for a in oral.authors] == ["", "~Sam_Roe1"]  # not pat@example.org
    assert paper(export, "v1Accept04").kind is Kind.POSTER
    assert problems(export, "v1Accept04", "decision") == [
        "warning: no oral/spotlight/poster in 'accept': listed as a poster"
    ]
    assert reasons(export) == {
        "v1Reject02": "rejected",
        "v1NoDecis3": "no decision: no decision note and no venue",
    }


def test_paperlists_authors_ids_and_affiliations_stay_aligned() -> None:
    export = read("paperlists.json")
    kun4, kun6, lee = paper(export, "plOral0001").authors
    assert (kun4.profile_id, kun4.affiliation) == ("~Kun_Xu4", "Uni A; Lab B")
    assert (kun6.profile_id, kun6.affiliation) == ("~Kun_Xu6", "Uni C")
    assert lee.affiliation == "Uni D"
    spotlight = paper(export, "plSpot0002")
    assert [a.affiliation for a in spotlight.authors] == ["", "", ""]  # 2 for 3: unknowable
    assert problems(export, "plSpot0002", "aff") == [
        "info: 2 affiliations for 3 authors: affiliations left out"
    ]
    commas = paper(export, "site_abc123")
    assert [a.name for a in commas.authors] == ["Yuwei Liu", "PLATO", "Jean-Luc Picard"]
    assert commas.openreview_url == ""  # a conference-site id, not an OpenReview forum
    assert paper(export, "plOral0001").bibtex_key == "xu2024paperlists"
    assert reasons(export) == {
        "plReject04": "rejected",
        "plWithdr05": "withdrawn",
        "plWorksh06": "workshop track (status Workshop)",
    }


def test_paperlists_workshop_status_is_its_own_exclusion_or_a_poster_when_asked() -> None:
    # Before, a conference's workshop-track invitation was silently a poster.
    export = read("paperlists.json")
    assert "plWorksh06" not in {p.id for p in export.papers}
    assert problems(export, "", "status") == [
        "info: 1 records have status Workshop, a conference's invitation to its workshop "
        "track: excluded; --format paperlists-workshop takes them as posters"
    ]
    asked = read("paperlists.json", fmt="paperlists-workshop")
    assert paper(asked, "plWorksh06").kind is Kind.POSTER
    assert "plWorksh06" not in reasons(asked)
    assert problems(asked, "plWorksh06", "status") == []  # their choice: no "listed as a poster"


def test_paperlists_markdown_code_links_give_their_address(tmp_path: Path) -> None:
    # An ICLR export wrote 208 code links as Markdown badges; they were all lost.
    badge = (
        "[![github](https://img.shields.io/github/stars/org/repo?style=social) org/repo]"
        "(https://github.com/org/repo)"
    )
    records = [
        {"id": "badge01", "title": "Badge", "status": "Poster", "author": "A B", "github": badge},
        {"id": "plain02", "title": "Plain", "status": "Poster", "author": "A B",
         "github": "https://github.com/org/plain"},
        {"id": "broken3", "title": "Broken", "status": "Poster", "author": "A B",
         "github": "[org/repo](not a link)"},
    ]  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    export = read_export(path)
    assert paper(export, "badge01").code_url == "https://github.com/org/repo"
    assert paper(export, "plain02").code_url == "https://github.com/org/plain"
    assert paper(export, "broken3").code_url == ""
    assert problems(export, "broken3", "code") == [
        "warning: not an http(s) URL, not linked: '[org/repo](not a link)'"
    ]


def test_console_csv_takes_decisions_from_the_csv_and_authors_from_the_notes() -> None:
    export = read("pc-console.csv", notes=FIXTURES / "pc-console-notes.json")
    oral = paper(export, "pcOral0001")
    assert oral.number == 1 and oral.kind is Kind.ORAL
    assert [a.profile_id for a in oral.authors] == ["~Ada_One1", "~Bea_Two1"]
    assert oral.pdf_url == "https://openreview.net/pdf?id=pcOral0001"
    poster = paper(export, "pcPoster02")
    assert poster.abstract == "From the notes."  # the CSV's "undefined" is no abstract
    assert paper(export, "pcNoNote05").kind is Kind.SPOTLIGHT
    assert problems(export, "pcNoNote05", "forum") == [
        "warning: not in the notes file: shown with no authors"
    ]
    assert reasons(export) == {"pcReject03": "rejected", "pcUndeci04": "no decision yet"}


def test_console_csv_without_notes_says_where_authors_come_from() -> None:
    export = read("pc-console.csv")
    assert problems(export, field="authors")[0] == (
        "warning: the console's CSV has no authors: give the notes export with --notes"
    )


def test_spreadsheet_columns_in_any_case_and_order() -> None:
    export = read("spreadsheet.csv")
    oral = paper(export, "sheetOral1")
    assert oral.kind is Kind.ORAL and oral.keywords == ("a", "b")
    assert [(a.name, a.profile_id, a.affiliation) for a in oral.authors] == [
        ("Ana Lima", "~Ana_Lima1", "Uni A; Lab B"),
        ("Kun Xu", "~Kun_Xu4", "Uni C"),
    ]
    assert oral.code_url == "https://gitlab.com/x/y"
    assert paper(export, "sheetPost2").board == "17"
    assert reasons(export) == {"sheetRej03": "rejected", "record 4": "no usable paper id"}
    assert problems(export, field="header") == ["info: columns ignored: notes to self"]


# paperlists-workshop is how organizers choose to read paperlists, never detected.
@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"paperlists-workshop"}))
def test_detection_names_each_fixture_format(fmt: str) -> None:
    name = {
        "openreview": "v2-notes.json",
        "openreview-v1": "v1-notes.json",
        "paperlists": "paperlists.json",
        "pc-console": "pc-console.csv",
        "spreadsheet": "spreadsheet.csv",
    }[fmt]
    path = FIXTURES / name
    assert detect(path, path.read_text(encoding="utf-8-sig")) == fmt


def test_a_forced_format_that_does_not_fit_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="this is a JSON file"):
        read("v2-notes.json", fmt="spreadsheet")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"\xff\xfe\x00garbage", "not UTF-8", id="binary"),
        pytest.param(b'{"a": 1}', "unknown format", id="json-object"),
        pytest.param(b"[1, 2, 3]", "unknown format", id="json-numbers"),
        pytest.param(b"name,colour\nx,red\n", "unknown format", id="csv-columns"),
        pytest.param(b"", "an empty CSV file", id="empty"),
        pytest.param(b'{"notes": [\n{"a": 1}\n', "not JSON", id="truncated"),
    ],
)
def test_an_unusable_file_is_one_input_error(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=expected):
        read_export(path, GROUP)


def test_an_export_of_another_venue_is_an_error_naming_both() -> None:
    export = read("v2-authors.jsonl", group="Other.cc/2025/Workshop/Y")
    assert not export.papers
    assert problems(export, field="venueid") == [
        "error: no record is an accepted paper of Other.cc/2025/Workshop/Y; the notes are of "
        "Conf.cc/2025/Workshop/TW: is this the export of the program's workshop?"
    ]


def test_links_of_the_wrong_type_are_reported(tmp_path: Path) -> None:
    note = {"id": "typed1", "content": {"title": {"value": "T"}, "venueid": {"value": GROUP},
            "code": {"value": ["https://github.com/a/b"]}, "pdf": {"value": 5}}}  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps([note]), encoding="utf-8")
    export = read_export(path, GROUP)
    assert problems(export, "typed1", "code") == ["warning: expected a link, got list"]
    assert problems(export, "typed1", "pdf") == ["warning: expected a link, got int"]


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param(lambda text: "\ufeff" + text.replace("\n", "\r\n"), id="bom-crlf"),
        pytest.param(lambda text: "\n\t " + text, id="leading-space"),
        # What json.dumps writes for a float that is not a number: read as Python reads it.
        pytest.param(
            lambda text: text.replace('"id": "kunXuOral1",', '"id": "kunXuOral1", "x": NaN,'),
            id="nan",
        ),
    ],
)
def test_an_export_spelt_differently_reads_the_same(tmp_path: Path, spelling: object) -> None:
    source = FIXTURES / "v2-notes.json"
    text = source.read_text("utf-8")
    variant = tmp_path / "export.json"
    variant.write_bytes(spelling(text).encode())  # type: ignore[operator]
    assert variant.read_bytes() != source.read_bytes()
    plain, spelt = read_export(source, GROUP), read_export(variant, GROUP)
    assert plain.papers and spelt.papers == plain.papers
    assert spelt.exclusions == plain.exclusions
    assert [p.message for p in spelt.problems] == [p.message for p in plain.problems]
