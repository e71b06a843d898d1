"""fomoproc import-cards: al-folio cards to program-file entries that read back."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from fomoproc.cli import main
from fomoproc.readers.program import read_program

SITE = Path(__file__).parent.parent.parent / "shared" / "data" / "esfomo-site"
WORKSHOP = """[workshop]
short_name = "W"
name = "W"
conference = "C"
openreview_group = "G"
date = 2025-07-18
timezone = "America/Vancouver"

"""


def _card(folder: Path, name: str, front: str) -> None:
    (folder / name).write_text(f"---\nlayout: page\n{front}---", encoding="utf-8")


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    folder = tmp_path / "cards"
    folder.mkdir()
    _card(
        folder,
        "zed.md",
        'title: <b>Zed</b> <br> Quote"s &amp; \\\\back\nimportance: 2\n'
        "description: Univ. of Here, There\nimg: assets/img/zed.jpg\n"
        "redirect: https://zed.example\ncategory: speaker\n",
    )
    _card(folder, "amy.md", "title: <b>Amy</b> <br> Adams\nimportance: 2\ncategory: speaker\n")
    _card(folder, "bo.md", "title: <b>Bo</b> <br> Bix\nimportance: 1\ncategory: organizer\n")
    _card(folder, "gone.md", "title: <b>Gone</b> <br> Hidden\nimportance: 1\ncategory: none\n")
    _card(
        folder,
        "acme.md",
        "title: <b>Acme</b> <br>\ndescription:\nimg: a.png\n"
        "redirect: https://acme.example\nimportance: 1\ncategory: sponsor\n",
    )
    _card(folder, "pan.md", "title: Pat <i>Panel</i>\nimportance: 1\ncategory: panelist\n")
    return folder


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["import-cards", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cards_become_quoted_entries_in_order_with_hidden_ones_left_out(
    cards: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, str(cards))
    assert status == 0
    data = tomllib.loads(out)
    # Ties in importance are broken by name: Amy before Zed.
    assert [s["name"] for s in data["speakers"]] == ["Amy Adams", 'Zed Quote"s & \\\\back']
    zed = data["speakers"][1]
    assert zed == {
        "id": "zed",
        "name": 'Zed Quote"s & \\\\back',
        "affiliation": "Univ. of Here, There",
        "url": "https://zed.example",
        "photo": "assets/img/zed.jpg",
        "order": 2,
    }
    assert data["sponsors"] == [
        {"id": "acme", "name": "Acme", "url": "https://acme.example", "logo": "a.png", "order": 1}
    ]
    assert [p["name"] for p in data["panelists"]] == ["Pat Panel"]
    assert "Gone" not in out.split("\n\n", 1)[1]
    assert "Hidden cards (category: none), left out: gone.md." in out
    program = tmp_path / "program.toml"
    program.write_text(WORKSHOP + out, encoding="utf-8")
    assert [p.name for p in read_program(program).organizers] == ["Bo Bix"]


def test_output_file_and_bad_cards(
    cards: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "people.toml"
    status, out, _ = _run(capsys, str(cards), "-o", str(target))
    assert status == 0 and out.startswith("fomoproc: wrote")
    assert "[[speakers]]" in target.read_text(encoding="utf-8")
    _card(cards, "bad.md", "title: [unclosed\n")
    _card(cards, "odd.md", "title: Odd One\ncategory: keynote\n")
    status, out, err = _run(capsys, str(cards))
    assert status == 2 and out == "" and err.count("\n") == 1
    assert "bad.md: front matter is not valid YAML" in err
    assert "odd.md: category: unknown 'keynote'" in err


def test_a_card_file_name_cannot_write_the_program_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: a hidden card's file name went into a comment as it was; its line break
    # ended the comment and the rest of the name became a speaker.
    folder = tmp_path / "cards"
    folder.mkdir()
    evil = 'x\n[[speakers]]\nid = "evil"\nname = "Mallory"\n#.md'
    _card(folder, evil, "title: Hidden\ncategory: none\n")
    _card(folder, "amy\r\nid = 1.md", "title: Amy Adams\ncategory: speaker\n")
    status, out, _ = _run(capsys, str(folder))
    assert status == 0
    data = tomllib.loads(out)
    assert data == {"speakers": [{"id": "amy id = 1", "name": "Amy Adams"}]}
    assert '# Hidden cards (category: none), left out: x [[speakers]] id = "evil"' in out


@pytest.mark.parametrize("year", ["2025", "2024"])
def test_the_workshops_own_cards_import(
    year: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = SITE / f"cards-{year}"
    if not folder.is_dir():
        pytest.skip("../shared/data is not here")
    status, out, _ = _run(capsys, str(folder))
    assert status == 0
    program = tmp_path / "program.toml"
    program.write_text(WORKSHOP + out, encoding="utf-8")
    read = read_program(program)
    if year == "2025":
        assert [p.name for p in read.speakers] == [
            "Baris Kasikci", "Albert Gu", "Hagay Lupesko", "Wanchao Liang",
            "Zach Charles", "Avanika Narayan",
        ]  # fmt: skip
        assert read.organizers[0].name == "Dan Fu" and read.organizers[-1].name == "Percy Liang"
        assert "deepak.md" in out and not read.panelists
    else:
        # Two cards of one person (panelist and speaker) stay in their own groups.
        assert "Dylan Patel" in [p.name for p in read.panelists]
        assert "Dylan Patel" in [p.name for p in read.speakers]
    assert [p.name for p in read.sponsors] == ["Together"]
