"""Generation shortcuts that must not change what is generated."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import BOOKLET_ROOT
from fomoproc import pipeline, served
from fomoproc.booklet import assemble
from fomoproc.pipeline import Sources, generate, read_inputs
from fomoproc.writers import bibtex, csl, ris


def test_the_volume_files_are_the_papers_files_joined(tmp_path: Path) -> None:
    program, export = read_inputs(
        Sources(export=BOOKLET_ROOT / "export.json", program=BOOKLET_ROOT / "program.toml")
    )
    papers = assemble(export, program).papers
    keys = bibtex.assign_keys(papers, program.workshop.year)
    entries = [bibtex.write([p], keys, program.workshop).encode() for p in papers]
    volume = bibtex.JOINT.join(entries)
    assert volume == bibtex.write(papers, keys, program.workshop).encode()
    assert len(bibtex.parse(volume.decode()).entries) == len(papers)
    # A join of joined parts is the join of all (generation's processes each join theirs).
    assert (
        bibtex.JOINT.join([bibtex.JOINT.join(entries[:1]), bibtex.JOINT.join(entries[1:])])
        == volume
    )
    items = [csl.write([p], keys, program.workshop).encode() for p in papers]
    assert csl.JOINT.join(items) == csl.write(papers, keys, program.workshop).encode()
    assert csl.JOINT.join([csl.JOINT.join(items[:1]), csl.JOINT.join(items[1:])]) == csl.JOINT.join(
        items
    )
    assert csl.JOINT.join([]) == csl.write([], keys, program.workshop).encode()
    records = [ris.write([p], keys, program.workshop).encode() for p in papers]
    assert ris.JOINT.join(records) == ris.write(papers, keys, program.workshop).encode()
    assert ris.JOINT.join(
        [ris.JOINT.join(records[:2]), ris.JOINT.join(records[2:])]
    ) == ris.JOINT.join(records)


@given(st.lists(st.binary(max_size=8), max_size=6), st.integers(min_value=0, max_value=6))
def test_each_papers_file_is_a_piece_of_the_volumes(items: list[bytes], cut: int) -> None:
    for joint in (bibtex.JOINT, csl.JOINT, ris.JOINT):
        files = [joint.head + item + joint.tail for item in items]
        # Joined parts joined (generation leaves out a process's part that has no paper).
        volume = joint.join([joint.join(part) for part in (files[:cut], files[cut:]) if part])
        assert volume == joint.join(files)
        spans = list(joint.spans(len(joint.item(file)) for file in files))
        assert [joint.head + volume[start:stop] + joint.tail for start, stop in spans] == files


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


def test_unchanged_inputs_are_not_rendered_again_but_an_edited_page_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(BOOKLET_ROOT, tmp_path / "root")
    sources = Sources(
        export=tmp_path / "root" / "export.json", program=BOOKLET_ROOT / "program.toml"
    )
    srcdir = tmp_path / "src"
    first = generate(srcdir, sources)
    assert first.written and (srcdir / pipeline.STAMP).is_file()
    renders: list[int] = []
    real_render = pipeline._render_and_write

    def counting_render(*args: Any, **kwargs: Any) -> Any:
        renders.append(1)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_render_and_write", counting_render)
    again = generate(srcdir, sources)
    assert (renders, again.written, again.unchanged) == ([], (), len(first.written))
    page = srcdir / "papers" / "oralPaper1.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nedited by hand\n", encoding="utf-8")
    repaired = generate(srcdir, sources)
    assert renders == [1] and repaired.written == ("papers/oralPaper1.md",)
    assert page.read_text(encoding="utf-8") == original
    export = tmp_path / "root" / "export.json"
    export.write_text(export.read_text(encoding="utf-8").replace("quokkas", "wombats"), "utf-8")
    assert "papers/spotPaper2.md" in generate(srcdir, sources).written


@pytest.mark.parametrize("processes", [2, 8])
def test_papers_split_between_processes_give_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    # A conference's pages are rendered by several forked processes, each a run of papers:
    # the files must be those one process writes, byte for byte, and reported the same.
    sources = Sources(export=BOOKLET_ROOT / "export.json", program=BOOKLET_ROOT / "program.toml")
    alone = generate(tmp_path / "alone", sources)
    # Two processes: one paper, then two (the volume files join each run's joined
    # citations); eight: this process makes the shared pages only, and some workers nothing.
    assert pipeline._runs(3, 2) == [(0, 1), (1, 3)]
    assert pipeline._runs(3, 8)[0] == (0, 0)
    monkeypatch.setattr(pipeline, "_processes", lambda papers: processes)
    split = generate(tmp_path / "split", sources)
    assert split.written == alone.written
    # Each paper's three citation files, in one bundle.
    folder = tmp_path / "split" / "papers" / "bib"
    own = {path.name: path.read_bytes() for path in folder.iterdir()}
    cited = served.read(tmp_path / "split" / served.bundle_of("papers/bib"), own)
    assert len(cited) == 3 * len(alone.export.papers) and len(alone.export.papers) == 3
    # Each a piece of the volume's file, cut at byte offsets past characters of two
    # bytes: the files that render() makes one by one.
    program, export = read_inputs(sources)
    rendered = pipeline.render(assemble(export, program), "export.json")
    assert cited == {
        path.removeprefix("papers/bib/"): text.encode()
        for path, text in rendered.items()
        if path.startswith("papers/bib/") and "/volume." not in path
    }
    assert len(own["volume.bib"]) > len(own["volume.bib"].decode())

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and p.name != pipeline.STAMP  # the stamp holds modification times
        }

    assert tree(tmp_path / "split") == tree(tmp_path / "alone")
    assert not list((tmp_path / "split").rglob("*.partial"))
    # Run again over the split output: nothing to write, and the stamp holds.
    (tmp_path / "split" / pipeline.STAMP).unlink()
    again = generate(tmp_path / "split", sources)
    assert again.written == () and again.unchanged == len(alone.written)


# Patched in a process of its own, which the test can give up on: a run that fails without
# giving the length of its citations leaves the runs after it waiting for ever, and so do
# indexes that fail in the main process without telling the workers that wait for them.
FAILING_RUN = """
import sys
from pathlib import Path
from fomoproc import pipeline
stage, failing, root, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
if stage == "indexes":
    def build_indexes(booklet):
        raise RuntimeError("the indexes failed")
    pipeline.build_indexes = build_indexes
else:
    real = getattr(pipeline._Plan, stage)
    def patched(plan, start, stop, *rest):
        if start == failing:
            raise RuntimeError(f"{stage} of the run from paper {start} failed")
        return real(plan, start, stop, *rest)
    setattr(pipeline._Plan, stage, patched)
pipeline._processes = lambda papers: 3
pipeline._runs = lambda count, processes: [(0, 1), (1, 2), (2, 3)]
sources = pipeline.Sources(export=root / "export.json", program=root / "program.toml")
pipeline.generate(target, sources)
"""


@pytest.mark.parametrize(
    ("stage", "failing", "message"),
    [
        # This process's run (0) or a worker's (1), before or after giving its citations'
        # lengths; or the indexes, which the workers wait for.
        ("citations", 0, "citations of the run from paper 0 failed"),
        ("citations", 1, "citations of the run from paper 1 failed"),
        ("pages", 0, "pages of the run from paper 0 failed"),
        ("pages", 1, "pages of the run from paper 1 failed"),
        ("indexes", -1, "the indexes failed"),
    ],
)
def test_a_run_that_fails_stops_generation_and_leaves_no_partial_file(
    tmp_path: Path, stage: str, failing: int, message: str
) -> None:
    target = tmp_path / "src"
    args = [stage, str(failing), str(BOOKLET_ROOT), str(target)]
    done = subprocess.run(
        [sys.executable, "-c", FAILING_RUN, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert f"RuntimeError: {message}" in done.stderr
    assert not list(target.rglob("*.partial"))
    assert not (target / pipeline.STAMP).exists()


def test_a_settled_input_is_hashed_once_and_again_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "export.json"
    export.write_text('{"notes": []}', encoding="utf-8")
    first = pipeline._Input.of(export)
    assert first.identity[1] == hashlib.sha256(export.read_bytes()).hexdigest()
    # Long after its last change: hashed once, then known by its status.
    monkeypatch.setattr(pipeline.time, "time_ns", lambda: export.stat().st_ctime_ns + 10**10)
    pipeline._digest.cache_clear()
    assert pipeline._Input.of(export) == first
    assert pipeline._Input.of(export) == first
    assert pipeline._digest.cache_info().hits == 1
    # The same size, another content, another modification time: hashed again.
    before = export.stat()
    export.write_text('{"notes": {}}', encoding="utf-8")
    os.utime(export, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    changed = pipeline._Input.of(export)
    assert changed.identity[1] == hashlib.sha256(b'{"notes": {}}').hexdigest() != first.identity[1]
