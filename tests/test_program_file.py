"""The program file: new fields, errors that name their line, and the repository's own day."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fomoproc.errors import InputError
from fomoproc.readers.program import read_program

REPO = Path(__file__).parent.parent
ROOT = Path(__file__).parent / "roots" / "test-program"
SEEDS = REPO.parent / "shared" / "seeds"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "program.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[occurrence - 1]


def test_errors_name_the_line_of_the_field_or_its_table(tmp_path: Path) -> None:
    text = (ROOT / "program.toml").read_text(encoding="utf-8")
    text = text.replace('speaker = "ada"', 'speaker = "bob"')
    text = text.replace('end = "11:00"', 'end = "09:00"')
    text = text.replace("edition = 1", "edition = 0")
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        read_program(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    bob = _line_of(text, 'speaker = "bob"')
    assert f"line {bob}, schedule[0].speaker: unknown speaker 'bob'" in message
    # A whole-slot error points at the slot's [[schedule]] header.
    assert f"line {_line_of(text, '[[schedule]]', 4)}, schedule[3]: ends (09:00)" in message
    assert f"line {_line_of(text, 'edition = 0')}, workshop.edition:" in message


def test_program_reads_photos_order_sponsors_edition_and_index_options(tmp_path: Path) -> None:
    program = read_program(ROOT / "program.toml")
    assert program.workshop.edition == 1
    assert [p.name for p in program.organizers] == ["Remote Person", "Olga Organizer"]
    assert program.speakers[0].photo == "img/ada.png"
    assert program.sponsors[0].photo == "javascript:alert(1)"  # kept; refused when shown
    text = (ROOT / "program.toml").read_text(encoding="utf-8")
    path = _write(
        tmp_path,
        text + '\n[author_index]\nparticles = "first"\nfamily_names = { "~X1" = "Nguyễn" }\n',
    )
    options = read_program(path).author_index
    assert options.particles_first is True
    assert options.family_names == (("~X1", "Nguyễn"),)


@pytest.mark.parametrize(
    ("addition", "expected"),
    [
        pytest.param('[author_index]\nparticles = "sideways"\n', "author_index.particles", id="p"),
        pytest.param("[author_index]\nfamily_names = 3\n", "author_index.family_names", id="f"),
        pytest.param('[[sponsors]]\nname = "A"\nphoto = "x.png"\n', "sponsors[1].photo", id="s"),
    ],
)
def test_bad_new_fields_are_errors(tmp_path: Path, addition: str, expected: str) -> None:
    text = (ROOT / "program.toml").read_text(encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(expected)):
        read_program(_write(tmp_path, text + "\n" + addition))


@pytest.mark.parametrize(("value", "expected"), [('"letter"', "letter"), ('"A4"', "a4")])
def test_the_pdfs_paper_size_is_a4_unless_the_program_says_letter(
    tmp_path: Path, value: str, expected: str
) -> None:
    assert read_program(ROOT / "program.toml").workshop.paper == "a4"
    text = (ROOT / "program.toml").read_text(encoding="utf-8")
    text = text.replace("[workshop]\n", f"[workshop]\npaper = {value}\n", 1)
    assert read_program(_write(tmp_path, text)).workshop.paper == expected


def test_an_unknown_paper_size_is_one_clear_error_with_its_line(tmp_path: Path) -> None:
    text = (ROOT / "program.toml").read_text(encoding="utf-8")
    text = text.replace("[workshop]\n", '[workshop]\npaper = "A5"\n', 1)
    with pytest.raises(InputError) as caught:
        read_program(_write(tmp_path, text))
    assert (
        f'line {_line_of(text, "paper = ")}, workshop.paper: expected "a4" or "letter" '
        "(the PDF's paper size), got 'A5'"
    ) in str(caught.value)


def _seed_rows() -> list[tuple[str, str]]:
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    for seed in seeds:
        text = seed.read_text(encoding="utf-8", errors="replace")
        if "the plan" in text:
            return [
                (m.group(1), m.group(2))
                for m in re.finditer(
                    r"^\| (\d{1,2}:\d{2}[ap]m) *\|[^|]*\| *([^|]*?) *\|$", text, re.M
                )
            ]
    return []


def test_repository_program_reproduces_the_seed_day() -> None:
    rows = _seed_rows()
    if not rows:
        pytest.skip("../shared/seeds is not here")
    program = read_program(REPO / "papers" / "program.toml")
    times = [f"{s.start:%I:%M%p}".lstrip("0").lower() for s in program.schedule]
    assert times == [time for time, _ in rows]
    speakers = {s.id: s for s in program.speakers}
    for slot, (_, talk) in zip(program.schedule, rows, strict=True):
        if slot.speaker:
            person = speakers[slot.speaker]
            assert talk.startswith(f"{person.name}: {slot.title}")
            assert f"**({person.affiliation})**" in talk
