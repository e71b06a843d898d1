"""Hostile and broken files: one line naming the file and the field and exit status 2, never a
traceback; a stranger's oversized cell is cut with a warning; reports fit a screen."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BOOKLET_ROOT, BuildBooklet
from fomoproc.cli import main
from hostile import write_export

PROGRAM = BOOKLET_ROOT / "program.toml"
GROUP = "ICML.cc/2025/Workshop/TW"


def one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """The error of a command that must stop with one line and exit status 2."""
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and captured.err.startswith("fomoproc: error: ")
    assert "Traceback" not in captured.err
    return captured.err


def sample_notes() -> list[dict[str, object]]:
    notes: list[dict[str, object]] = json.loads((BOOKLET_ROOT / "export.json").read_text("utf-8"))[
        "notes"
    ]
    return notes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '{"notes": [' + "[" * 5000 + "]" * 5000 + "]}",
            "nested too deeply to read (lists or tables inside each other, hundreds deep): "
            "at line 1, column 1035",
            id="nested",
        ),
        pytest.param(
            '{"notes": [\n {"id": "a",\n  "number": ' + "7" * 5000 + "}]}",
            "not usable JSON: line 3, number: a number of 5,000 digits (Python reads at most "
            "4,300)",
            id="5000-digits",
        ),
        pytest.param(
            '{"notes": [\n {"id": "a", "content": {"title": {"value": "Cut he',
            "not JSON: the file ends in the middle of the data, at line 2, column 52: is it "
            "cut short?",
            id="truncated",
        ),
        pytest.param(
            '{"notes": [\n {"id": "a",\n',
            "not JSON: the file ends in the middle of the data, at line 2, column 13: is it "
            "cut short?",
            id="truncated-after-a-line",
        ),
        pytest.param(
            '{"notes": [\n {"id": "a" "forum": "a"}]}',
            "not JSON: Expecting ',' delimiter at line 2, column 13",
            id="syntax",
        ),
    ],
)
def test_an_export_that_cannot_be_read_is_one_line_naming_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    # Before: RecursionError and ValueError tracebacks; a truncated file reported as
    # "line 1 is not JSON" (read as JSON Lines).
    export = tmp_path / "export.json"
    export.write_text(text, encoding="utf-8")
    for command in (["check", str(export)], ["build", "--export", str(export)]):
        err = one_line(capsys, [*command, "--program", str(PROGRAM), "--docs", str(BOOKLET_ROOT)])
        assert err.startswith(f"fomoproc: error: {export}: ") and expected in err, err


def _program(tmp_path: Path, old: str, new: str) -> Path:
    text = PROGRAM.read_text("utf-8")
    assert old in text
    program = tmp_path / "program.toml"
    program.write_text(text.replace(old, new), encoding="utf-8")
    return program


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "date = 2025-07-18",
            "date = 9999-12-31",
            "line 6, workshop.date: 9999-12-31 is out of range (years 1970 to 9998)",
            id="date",
        ),
        pytest.param(
            'end = "11:00"',
            "minutes = 99999999999",
            "line 35, schedule[4].minutes: expected a whole number of minutes from 1 to 1440, "
            "got 99999999999",
            id="minutes",
        ),
        pytest.param(
            'room = "Hall A"',
            "room = " + "[" * 3000 + "]" * 3000,
            "nested too deeply to read (lists or tables inside each other, hundreds deep)",
            id="nested",
        ),
        pytest.param(
            'room = "Hall A"',
            "edition = " + "9" * 5000,
            "not usable TOML: line 8, edition: a number of 5,000 digits (Python reads at most "
            "4,300)",
            id="5000-digits",
        ),
    ],
)
def test_a_program_out_of_range_is_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    # Before: OverflowError and ValueError tracebacks from the calendar and the build date.
    program = _program(tmp_path, old, new)
    err = one_line(capsys, ["check", str(BOOKLET_ROOT / "export.json"), "--program", str(program)])
    assert err == f"fomoproc: error: {program}: {expected}\n"


def test_overrides_nested_too_deeply_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overrides = tmp_path / "overrides.toml"
    overrides.write_text("a = " + "[" * 3000 + "]" * 3000, encoding="utf-8")
    err = one_line(
        capsys,
        [
            "check",
            str(BOOKLET_ROOT / "export.json"),
            "--overrides",
            str(overrides),
            "--group",
            GROUP,
        ],
    )
    assert err == (
        f"fomoproc: error: {overrides}: nested too deeply to read (lists or tables inside each "
        "other, hundreds deep)\n"
    )


def test_a_card_nested_too_deeply_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "deep.md").write_text("---\ntitle: " + "[" * 5000 + "\n---\n", encoding="utf-8")
    err = one_line(capsys, ["import-cards", str(cards)])
    assert f"{cards / 'deep.md'}: front matter nested too deeply to read" in err


def test_a_terminal_that_cannot_print_utf8_gets_escapes_not_a_crash(tmp_path: Path) -> None:
    # Before: UnicodeEncodeError at the first name or title the terminal could not show.
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    notes = sample_notes()
    for note in notes:
        if note["forum"] == "rejected04":
            note["content"]["title"] = {"value": "Rejected 王芳"}  # type: ignore[index]
    export = write_export(tmp_path / "export.json", notes)
    check = [sys.executable, "-m", "fomoproc", "check", str(export), "--program", str(PROGRAM)]
    done = subprocess.run(check, capture_output=True, env=env, check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"excluded rejected04 'Rejected \\u738b\\u82b3': rejected\n" in done.stdout
    done = subprocess.run([*check, "--json"], capture_output=True, env=env, check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    report = json.loads(done.stdout)  # JSON's own escapes: still JSON, the same data
    assert report["exclusions"][0]["title"] == "Rejected 王芳"
    shutil.copytree(BOOKLET_ROOT, tmp_path / "docs")
    (tmp_path / "docs" / "papers").mkdir()
    (tmp_path / "docs" / "papers" / "王芳.txt").write_text("hand-written", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "fomoproc", "build", "--no-pdf", "--docs", str(tmp_path / "docs"),
         "--export", str(export), "--program", str(PROGRAM), "--out", str(tmp_path / "out")],
        capture_output=True, env=env, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"papers/\\u738b\\u82b3.txt: not made by fomoproc" in done.stdout


def test_csv_cells_beyond_the_csv_module_limit_are_cut_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "field larger than field limit (131072)" stopped the whole import.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "title", "abstract", "board", "decision"])
    writer.writerow(["longOne", "Long", "word " * 60_000, "7" * 200_000, "poster"])
    writer.writerow(["shortOne", "Short", "An abstract.", "3", "poster"])
    export = tmp_path / "export.csv"
    export.write_text(buffer.getvalue(), encoding="utf-8")
    assert main(["check", str(export), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["accepted"]["poster"] == 2
    cut = {(p["paper"], p["field"]): p["message"] for p in report["problems"]}
    assert cut[("longOne", "abstract")] == "300,000 characters: cut to the first 100,000"
    assert cut[("longOne", "board")] == "200,000 characters: cut to the first 100,000"
    assert not [m for (paper, _), m in cut.items() if paper == "shortOne" and "cut" in m]


def test_a_build_lists_a_screen_of_exclusions_and_every_organizer_problem(
    tmp_path: Path, build_booklet: BuildBooklet, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: a conference's export printed every one of its thousands of rejections, and
    # past 50 warnings of the export the program's photo refusals were not shown.
    notes = sample_notes()
    first = json.dumps(notes[0])
    for number in range(300):
        other = json.loads(first)
        other.update(id=f"rej{number:04d}", forum=f"rej{number:04d}", number=100 + number)
        other["content"]["venueid"] = {"value": "ICML.cc/2025/Conference/Rejected"}
        notes.append(other)
    for number in range(60):  # 60 warnings: papers without an abstract
        bare = json.loads(first)
        bare.update(id=f"bare{number:04d}", forum=f"bare{number:04d}", number=500 + number)
        bare["content"]["title"] = {"value": f"Bare paper {number}"}
        del bare["content"]["abstract"]
        notes.append(bare)
    export = write_export(tmp_path / "export.json", notes)
    program = _program(tmp_path, 'id = "ada"', 'id = "ada"\nphoto = "../../etc/passwd.png"')
    assert build_booklet(export=export, program=program) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len([line for line in lines if line.startswith("fomoproc: excluded ")]) == 20
    assert (
        "fomoproc: ... and 282 more excluded (282 not in this venue (venueid "
        "ICML.cc/2025/Conference/Rejected)): `fomoproc check` lists them all"
    ) in lines
    assert (
        f"fomoproc: {program}, speakers 'ada' photo: info: '../../etc/passwd.png' lies outside "
        "the Sphinx project: shown without a photo"
    ) in lines
    assert any("schedule[3].paper: warning: 'A talk whose paper is missing'" in x for x in lines)
    # 61 papers without an abstract and a link: 50 of the export's shown, all the program's.
    assert "fomoproc: ... and 12 more problems: `fomoproc check` lists them all" in lines
    assert main(["check", str(export), "--program", str(program)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len([line for line in listed if line.startswith("excluded ")]) == 302
