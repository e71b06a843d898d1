"""The organizers' manual builds without a warning and documents what the code accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.cmd.build import build_main

import fomoproc
from fomoproc.cli import main
from fomoproc.errors import InputError
from fomoproc.model import SlotKind
from fomoproc.readers.overrides import FIELDS as OVERRIDE_FIELDS
from fomoproc.readers.program import read_program

MANUAL = Path(fomoproc.__file__).resolve().parents[2] / "manual"

#: A program with an unknown field in every table: its error lists each table's fields.
EVERY_TABLE = """
zzz = 1
[workshop]
zzz = 1
[[schedule]]
start = "09:00"
kind = "opening"
zzz = 1
[[speakers]]
name = "A"
zzz = 1
[[sponsors]]
name = "B"
zzz = 1
[author_index]
zzz = 1
"""


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The manual, built as `nox -s manual` builds it: warnings are errors."""
    out = tmp_path_factory.mktemp("manual")
    status = build_main(["-W", "--keep-going", "-q", "-b", "html", str(MANUAL), str(out)])
    assert status == 0
    return out


def _page(manual: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((manual / f"{name}.html").read_text("utf-8"), "html.parser")


def _first_column(section: Tag) -> set[str]:
    """The names in the first column of a section's tables, as the reader sees them."""
    return {
        code.get_text()
        for row in section.select("table tbody tr")
        for code in row.find_all("td")[0].find_all("code")
    }


def _allowed_fields(tmp_path: Path) -> dict[str, set[str]]:
    """Each table's fields, as the program reader's unknown-field errors list them."""
    program = tmp_path / "program.toml"
    program.write_text(EVERY_TABLE, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_program(program)
    found = re.findall(
        r"(\w+)(?:\[\d+\])?\.zzz: unknown field \(expected one of ([^)]*)\)", str(raised.value)
    )
    return {table: set(fields.split(", ")) for table, fields in found}


def test_the_manual_builds_without_a_warning(manual: Path) -> None:
    heading = _page(manual, "index").find("h1")
    assert heading is not None
    assert heading.get_text().strip("¶# ") == "fomoproc: a manual for workshop organizers"
    menu = [a.get_text().strip() for a in _page(manual, "index").select("nav a.nav-link")]
    for section in ("Getting started", "Export", "Program file", "Corrections", "Checking"):
        assert section in menu
    for section in ("Building", "Publishing", "Outputs"):
        assert section in menu


def test_the_program_page_documents_every_field_of_every_table(
    manual: Path, tmp_path: Path
) -> None:
    allowed = _allowed_fields(tmp_path)
    tables = allowed.pop("program")  # the file's own keys: its tables
    assert set(allowed) == {"workshop", "schedule", "speakers", "sponsors", "author_index"}
    page = _page(manual, "program")
    # Sphinx puts each heading first in the <section> it opens.
    sections = {h2.get_text(): h2.parent for h2 in page.find_all("h2")}

    def documented(table: str) -> set[str]:
        titles = [title for title in sections if f"[{table}]" in title]
        assert len(titles) == 1, (table, list(sections))
        return _first_column(sections[titles[0]])

    for table in tables:
        assert any(f"[{table}]" in title for title in sections), table
    for table, fields in allowed.items():
        assert fields <= documented(table), (table, fields - documented(table))
    kinds = documented("schedule")
    assert {kind.value for kind in SlotKind} <= kinds


def test_the_corrections_page_documents_every_field(manual: Path) -> None:
    main_part = _page(manual, "overrides").find("main")
    assert main_part is not None
    assert set(OVERRIDE_FIELDS) <= _first_column(main_part)


@pytest.mark.parametrize(
    ("command", "page"),
    [
        pytest.param("build", "building", id="build"),
        pytest.param("check", "check", id="check"),
        pytest.param("fetch", "export", id="fetch"),
        pytest.param("init", "getting-started", id="init"),
    ],
)
def test_every_option_of_a_command_is_in_its_page(
    manual: Path, capsys: pytest.CaptureFixture[str], command: str, page: str
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    # The options argparse lists, each at the start of a line of the help.
    listed = capsys.readouterr().out
    options = set(re.findall(r"^\s+(?:-\w \w+, )?(--[a-z][a-z-]+)", listed, re.MULTILINE))
    options -= {"--help"}
    assert options
    main_part = _page(manual, page).find("main")
    assert main_part is not None
    shown = {
        option
        for code in main_part.select("table code")
        for option in re.findall(r"--[a-z][a-z-]+", code.get_text())
    }
    assert options <= shown, options - shown
