"""The command line: bad input gets one clear line and status 2, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fomoproc.cli import main

ROOT = Path(__file__).parent / "roots" / "test-booklet"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("{not json", "not JSON", id="broken-json"),
        pytest.param('{"something": 1}', "expected a JSON list of notes", id="wrong-shape"),
    ],
)
def test_unusable_export_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    export = tmp_path / "export.json"
    export.write_text(content, encoding="utf-8")
    status = main(
        [
            "build",
            "--export",
            str(export),
            "--program",
            str(ROOT / "program.toml"),
            "--docs",
            str(ROOT),
            "--out",
            str(tmp_path / "out"),
            "--no-pdf",
        ]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and str(export) in err and expected in err
    assert "Traceback" not in err


def test_program_errors_name_the_file_and_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    program = tmp_path / "program.toml"
    text = (ROOT / "program.toml").read_text(encoding="utf-8")
    program.write_text(
        text.replace('speaker = "ada"', 'speaker = "bob"').replace(
            'end = "11:00"', 'end = "10:00"'
        ),
        encoding="utf-8",
    )
    status = main(
        [
            "build",
            "--export",
            str(ROOT / "export.json"),
            "--program",
            str(program),
            "--docs",
            str(ROOT),
            "--out",
            str(tmp_path / "out"),
            "--no-pdf",
        ]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert "schedule[0].speaker: unknown speaker 'bob'" in err
    assert "schedule[4]: ends (10:00) before it starts (10:15)" in err


def test_html_only_build_reports_exclusions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT, docs)
    status = main(
        [
            "build",
            "--docs",
            str(docs),
            "--export",
            str(docs / "export.json"),
            "--program",
            str(docs / "program.toml"),
            "--out",
            str(tmp_path / "out"),
            "--no-pdf",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "excluded rejected04 'A rejected paper': rejected" in out
    assert "paper notInExport" in out or "notInExport" in out
    assert (tmp_path / "out" / "html" / "index.html").is_file()
    assert not (tmp_path / "out" / "booklet.pdf").exists()
