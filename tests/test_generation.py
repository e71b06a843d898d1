"""Generation: every file made from the booklet, written only where its bytes changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import BOOKLET_ROOT, load_booklet, rendered
from fomoproc.pipeline import Sources, load, render, write_pages
from fomoproc.writers import bibtex, csl, ris


def test_the_volume_files_are_the_papers_files_joined() -> None:
    booklet = load_booklet(BOOKLET_ROOT / "export.json", BOOKLET_ROOT / "program.toml")
    files = rendered(booklet)
    ids = [paper.id for paper in booklet.papers]
    entries = [files[f"papers/bib/{i}.bib"] for i in ids]
    assert files["papers/bib/volume.bib"] == "\n".join(entries)
    parsed = bibtex.parse(files["papers/bib/volume.bib"])
    assert [entry.key for entry in parsed.entries] == [
        bibtex.parse(entry).entries[0].key for entry in entries
    ]
    items = [json.loads(files[f"papers/bib/{i}.csl.json"])[0] for i in ids]
    assert json.loads(files["papers/bib/volume.csl.json"]) == items
    records = [files[f"papers/bib/{i}.ris"] for i in ids]
    assert files["papers/bib/volume.ris"] == "\r\n".join(records)
    assert csl.write([], {}, booklet.program.workshop) == "[]\n"
    assert ris.write([], {}, booklet.program.workshop) == ""


def _sources(root: Path) -> Sources:
    return Sources(export=root / "export.json", program=root / "program.toml")


def test_pages_are_written_only_when_their_bytes_change(tmp_path: Path) -> None:
    shutil.copytree(BOOKLET_ROOT, tmp_path / "root")
    srcdir = tmp_path / "src"

    def generate() -> tuple[tuple[str, ...], tuple[str, ...]]:
        booklet = load(_sources(tmp_path / "root")).booklet
        assert booklet is not None
        written = write_pages(srcdir, render(booklet, source="export.json").pages)
        return written.written, written.removed

    first, _ = generate()
    assert "papers/oralPaper1.md" in first and "program/schedule.md" in first
    times = {p: p.stat().st_mtime_ns for p in srcdir.rglob("*.md")}
    assert generate() == ((), ())
    assert {p: p.stat().st_mtime_ns for p in srcdir.rglob("*.md")} == times
    # A page edited by hand is put back; nothing else is touched.
    page = srcdir / "papers" / "oralPaper1.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nedited by hand\n", encoding="utf-8")
    assert generate() == (("papers/oralPaper1.md",), ())
    assert page.read_text(encoding="utf-8") == original
    # An edited abstract: its page (and the pages that quote it) only.
    export = tmp_path / "root" / "export.json"
    export.write_text(export.read_text(encoding="utf-8").replace("quokkas", "wombats"), "utf-8")
    assert generate()[0] == ("papers/spotPaper2.md",)
    # A paper gone: its page goes, and the pages that listed it change.
    data = json.loads(export.read_text(encoding="utf-8"))
    data["notes"] = [note for note in data["notes"] if note["id"] != "postPaper3"]
    export.write_text(json.dumps(data), encoding="utf-8")
    written, removed = generate()
    assert removed == ("papers/postPaper3.md",)
    assert "papers/index.md" in written and not list(srcdir.rglob("*.partial"))


GENERATE = """
import sys
from pathlib import Path
from fomoproc.pipeline import Sources, load, render, write_pages
root, target = Path(sys.argv[1]), Path(sys.argv[2])
booklet = load(Sources(export=root / "export.json", program=root / "program.toml")).booklet
generated = render(booklet, source="export.json", base_url="https://example.org/booklet")
write_pages(target / "src", generated.pages)
for name, data in generated.served.items():
    (target / "site" / name).parent.mkdir(parents=True, exist_ok=True)
    (target / "site" / name).write_bytes(data)
"""


def test_two_processes_with_other_hash_seeds_generate_the_same_bytes(tmp_path: Path) -> None:
    trees = []
    for seed in ("1", "2"):
        target = tmp_path / seed
        subprocess.run(
            [sys.executable, "-c", GENERATE, str(BOOKLET_ROOT), str(target)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        trees.append(
            {
                p.relative_to(target).as_posix(): p.read_bytes()
                for p in sorted(target.rglob("*"))
                if p.is_file()
            }
        )
    assert trees[0] == trees[1]
    assert "site/papers/bib/volume.bib" in trees[0] and "src/papers/index.md" in trees[0]
