"""`fomoproc check`: counts, problems, JSON, exit status; the real exports; malformed records."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BOOKLET_ROOT
from fomoproc.cli import main
from fomoproc.readers import read_export

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(__file__).parents[1].parent / "shared" / "data"
GROUP = "Conf.cc/2025/Workshop/TW"


def run_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["check", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_report_has_counts_by_kind_and_reason_and_every_problem(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run_check(capsys, str(FIXTURES / "v2-notes.json"), "--group", GROUP, "--json")
    report = json.loads(out)
    assert status == 1  # a record with no title, a non-note
    assert report["records"] == 13
    assert report["accepted"] == {"oral": 1, "spotlight": 1, "poster": 4}
    assert sum(report["excluded"].values()) == 7
    assert report["excluded"]["rejected"] == 1
    assert report["records"] == sum(report["accepted"].values()) + sum(report["excluded"].values())
    fields = {(p["paper"], p["field"], p["severity"]) for p in report["problems"]}
    assert ("#12 (braces012)", "title", "warning") in fields  # an unbalanced brace is text
    assert ("#11 (badLinks11)", "pdf", "warning") in fields
    assert all(
        set(p) == {"file", "paper", "field", "severity", "message"} for p in report["problems"]
    )


def test_terminal_report_lists_counts_exclusions_problems_and_a_tally(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run_check(
        capsys,
        str(FIXTURES / "v2-notes.json"),
        "--group",
        GROUP,
        "--overrides",
        str(FIXTURES / "v2-notes-overrides.toml"),
    )
    lines = out.splitlines()
    assert status == 1 and not err
    assert lines[0].startswith("v2-notes.json: 13 records: 5 accepted (1 oral, 2 spotlight, 2")
    assert "excluded withdrawn5 'Withdrawn Work': withdrawn" in lines
    assert any(
        line.endswith(
            "papers.notInExport: error: no record with this id in the export: "
            "the override cannot apply"
        )
        for line in lines
    )
    assert lines[-1] == (
        "3 errors (content 1, papers 1, title 1), "
        "7 warnings (abstract 1, authorids 1, authors 1, code 1, id 1, pdf 1, title 1)"
    )


def test_a_clean_export_exits_0_even_with_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_check(
        capsys,
        str(BOOKLET_ROOT / "export.json"),
        "--program",
        str(BOOKLET_ROOT / "program.toml"),
    )
    assert status == 0
    assert "5 records: 3 accepted (1 oral, 1 spotlight, 1 poster), 2 excluded" in out
    # The program's slot naming a paper the export lacks is reported, not fatal.
    assert "names paper notInExport, which is not an accepted paper" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["missing.json"], "cannot read it", id="missing-file"),
        pytest.param(["."], "is a folder", id="folder"),
        pytest.param(
            [str(FIXTURES / "v2-notes.json"), "--format", "pc-console"],
            "JSON file",
            id="wrong-format",
        ),
        pytest.param(
            [str(FIXTURES / "spreadsheet.csv"), "--program", "nope.toml"],
            "cannot read the program",
            id="missing-program",
        ),
    ],
)
def test_unusable_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    status, out, err = run_check(capsys, *args)
    assert status == 2 and not out
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err


def test_build_stops_before_sphinx_when_the_export_has_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text("", encoding="utf-8")
    status = main(
        [
            "build", "--docs", str(docs), "--no-pdf", "--out", str(tmp_path / "out"),
            "--export", str(FIXTURES / "v2-notes.json"),
            "--program", str(BOOKLET_ROOT / "program.toml"),
        ]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert status == 1
    assert "the export has errors (above)" in captured.err
    assert not (tmp_path / "out").exists()


# The real exports in ../shared/data (absent in a user's clone, present in CI).
REAL_FILES = sorted(SHARED_DATA.glob("*/*.json")) if SHARED_DATA.is_dir() else []


@pytest.mark.skipif(not REAL_FILES, reason="../shared/data is not beside this clone")
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_every_real_export_is_accounted_for_record_by_record(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    export = read_export(path)
    assert len(export.papers) + len(export.exclusions) == export.records
    if isinstance(raw, list) and raw and "submissions" in raw[0]:
        assert export.records == sum(len(v["submissions"]) for v in raw)
    else:
        assert export.records == len(raw["notes"] if isinstance(raw, dict) else raw)
    assert len({p.id for p in export.papers}) == len(export.papers)
    assert export.papers, "a real export of accepted papers gives papers"


# Malformed records: any JSON value where a field should be.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=40) | st.just("\x00\x1b[31m\u202e") | st.just("x" * 200_000),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)  # fmt: skip
V2_FIELDS = ("title", "abstract", "authors", "authorids", "keywords", "venue", "venueid", "pdf",
             "code", "TLDR", "_bibtex")  # fmt: skip
PAPERLISTS_FIELDS = ("id", "title", "abstract", "author", "authorids", "aff", "status", "keywords",
                     "github", "site", "bibtex", "tldr")  # fmt: skip


@st.composite
def v2_notes(draw: st.DrawFn) -> Any:
    content = {
        name: draw(st.one_of(json_values, json_values.map(lambda v: {"value": v})))
        for name in draw(st.lists(st.sampled_from(V2_FIELDS), unique=True))
    }
    if draw(st.booleans()):
        content["venueid"] = {"value": GROUP}
    note: dict[str, Any] = {"content": draw(st.one_of(st.just(content), json_values))}
    for key in ("id", "forum", "number"):
        if draw(st.booleans()):
            note[key] = draw(json_values | st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True))
    return draw(st.one_of(st.just(note), json_values))


@st.composite
def paperlists_records(draw: st.DrawFn) -> Any:
    record = {
        name: draw(json_values | st.text(alphabet="ab ;,+~", max_size=20))
        for name in draw(st.lists(st.sampled_from(PAPERLISTS_FIELDS), unique=True, min_size=1))
    }
    record.setdefault("title", draw(st.text(max_size=30)))
    return draw(st.one_of(st.just(record), json_values))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(v2_notes(), max_size=6))
def test_malformed_notes_become_problems_never_exceptions(
    tmp_path_factory: pytest.TempPathFactory, records: list[Any]
) -> None:
    path = tmp_path_factory.mktemp("v2") / "export.json"
    path.write_text(json.dumps({"notes": records}), encoding="utf-8")
    export = read_export(path, GROUP, fmt="openreview")
    assert len(export.papers) + len(export.exclusions) == export.records == len(records)
    for exclusion in export.exclusions:
        assert exclusion.reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(paperlists_records(), min_size=1, max_size=6))
def test_malformed_paperlists_records_become_problems_never_exceptions(
    tmp_path_factory: pytest.TempPathFactory, records: list[Any]
) -> None:
    path = tmp_path_factory.mktemp("pl") / "export.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    export = read_export(path, fmt="paperlists")
    assert len(export.papers) + len(export.exclusions) == export.records == len(records)


cells = st.text(max_size=30) | st.sampled_from(["undefined", "", "Accept (Oral)", "Reject", "|"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.permutations(["id", "title", "authors", "decision", "affiliations", "number"]),
    rows=st.lists(st.lists(cells, max_size=8), max_size=6),
)
def test_malformed_spreadsheet_rows_become_problems_never_exceptions(
    tmp_path_factory: pytest.TempPathFactory, header: list[str], rows: list[list[str]]
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path = tmp_path_factory.mktemp("csv") / "export.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    export = read_export(path, fmt="spreadsheet")
    kept = sum(1 for row in rows if any(cell.strip() for cell in row))
    assert len(export.papers) + len(export.exclusions) == export.records
    assert export.records == kept


@pytest.mark.parametrize(
    ("export", "options", "page", "text"),
    [
        pytest.param("paperlists.json", (), "plOral0001", "Kun Xu", id="paperlists"),
        pytest.param(
            "pc-console.csv",
            ("--notes", str(FIXTURES / "pc-console-notes.json")),
            "pcOral0001",
            "Ada One",
            id="pc-console",
        ),
        pytest.param("v1-notes.json", ("--format", "openreview-v1"), "v1Oral0001", "Sam Roe",
                     id="openreview-v1"),
    ],
)  # fmt: skip
def test_build_makes_a_page_per_paper_from_other_formats(
    tmp_path: Path,
    build_booklet: Any,
    export: str,
    options: tuple[str, ...],
    page: str,
    text: str,
) -> None:
    status = build_booklet(export=FIXTURES / export, options=options)
    assert status == 0
    html = (tmp_path / "out" / "html" / "papers" / f"{page}.html").read_text(encoding="utf-8")
    assert text in html


@st.composite
def v1_notes(draw: st.DrawFn) -> Any:
    forum = draw(st.from_regex(r"[A-Za-z0-9]{1,6}", fullmatch=True))
    fields = draw(st.lists(st.sampled_from(V2_FIELDS), unique=True))
    content = {name: draw(json_values) for name in fields}
    submission = {"id": forum, "forum": forum, "content": content, "number": draw(json_values)}
    reply = {
        "id": f"{forum}D",
        "forum": draw(st.just(forum) | json_values),
        "replyto": forum,
        "invitation": draw(st.just("X/-/Decision") | json_values),
        "content": draw(st.fixed_dictionaries({"decision": json_values}) | json_values),
    }
    return draw(st.sampled_from([[submission], [submission, reply], [reply], [draw(json_values)]]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups=st.lists(v1_notes(), min_size=1, max_size=5))
def test_malformed_v1_notes_become_problems_never_exceptions(
    tmp_path_factory: pytest.TempPathFactory, groups: list[list[Any]]
) -> None:
    notes = [note for group in groups for note in group]
    path = tmp_path_factory.mktemp("v1") / "export.json"
    path.write_text(json.dumps({"notes": notes}), encoding="utf-8")
    export = read_export(path, GROUP, fmt="openreview-v1")
    assert len(export.papers) + len(export.exclusions) == export.records <= len(notes)
