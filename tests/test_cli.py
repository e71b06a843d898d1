"""The command line: bad input gets one clear line and status 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BOOKLET_ROOT, BuildBooklet


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("{not json", "not JSON", id="broken-json"),
        pytest.param('{"something": 1}', "unknown format", id="wrong-shape"),
    ],
)
def test_unusable_export_is_one_line_and_status_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    build_booklet: BuildBooklet,
    content: str,
    expected: str,
) -> None:
    export = tmp_path / "export.json"
    export.write_text(content, encoding="utf-8")
    status = build_booklet(export=export)
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and str(export) in err and expected in err
    assert "Traceback" not in err


def test_program_errors_name_the_file_and_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build_booklet: BuildBooklet
) -> None:
    program = tmp_path / "program.toml"
    text = (BOOKLET_ROOT / "program.toml").read_text(encoding="utf-8")
    text = text.replace('speaker = "ada"', 'speaker = "bob"')
    program.write_text(text.replace('end = "11:00"', 'end = "10:00"'), encoding="utf-8")
    status = build_booklet(program=program)
    err = capsys.readouterr().err
    assert status == 2
    assert "schedule[0].speaker: unknown speaker 'bob'" in err
    assert "schedule[4]: ends (10:00) before it starts (10:15)" in err


def test_html_only_build_reports_exclusions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build_booklet: BuildBooklet
) -> None:
    status = build_booklet()
    out = capsys.readouterr().out
    assert status == 0
    assert "5 records: 3 accepted (1 oral, 1 spotlight, 1 poster), 2 excluded" in out
    assert "excluded rejected04 'A rejected paper': rejected" in out
    assert "names paper notInExport, which is not an accepted paper" in out
    assert (tmp_path / "out" / "html" / "index.html").is_file()
    assert not (tmp_path / "out" / "booklet.pdf").exists()
