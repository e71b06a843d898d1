"""Generation shortcuts that must not change what is generated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import BOOKLET_ROOT
from fomoproc.booklet import assemble
from fomoproc.pipeline import Sources, read_inputs
from fomoproc.writers import bibtex, csl, ris


def test_the_volume_files_are_the_papers_files_joined(tmp_path: Path) -> None:
    program, export = read_inputs(
        Sources(export=BOOKLET_ROOT / "export.json", program=BOOKLET_ROOT / "program.toml")
    )
    papers = assemble(export, program).papers
    keys = bibtex.assign_keys(papers, program.workshop.year)
    entries = [bibtex.write([p], keys, program.workshop) for p in papers]
    assert bibtex.join(entries) == bibtex.write(papers, keys, program.workshop)
    assert len(bibtex.parse(bibtex.join(entries)).entries) == len(papers)
    items = [csl.write([p], keys, program.workshop) for p in papers]
    assert csl.join(items) == csl.write(papers, keys, program.workshop)
    assert csl.join([]) == csl.write([], keys, program.workshop)
    records = [ris.write([p], keys, program.workshop) for p in papers]
    assert ris.join(records) == ris.write(papers, keys, program.workshop)


def test_reading_again_sees_an_edit_even_of_the_same_size(tmp_path: Path) -> None:
    shutil.copytree(BOOKLET_ROOT, tmp_path / "root")
    export = tmp_path / "root" / "export.json"
    program = tmp_path / "root" / "program.toml"
    first = read_inputs(Sources(export=export, program=program))[1]
    assert read_inputs(Sources(export=export, program=program))[1] is first  # unchanged: read once
    data = json.loads(export.read_text(encoding="utf-8"))
    note = next(n for n in data["notes"] if n["id"] == "spotPaper2")
    note["content"]["abstract"]["value"] = "Plain abstract about wombats."  # as long as before
    before = export.stat()
    export.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    assert export.stat().st_size == before.st_size
    edited = read_inputs(Sources(export=export, program=program))[1]
    assert next(p for p in edited.papers if p.id == "spotPaper2").abstract == (
        "Plain abstract about wombats."
    )
