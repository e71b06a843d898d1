"""Rebuilds: after any sequence of builds the site is, byte for byte, a cold build of the last
input, and a rebuild reads and writes only what a change touches."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import BOOKLET_ROOT


def _note(data: dict[str, Any], forum: str) -> dict[str, Any]:
    note: dict[str, Any] = next(n for n in data["notes"] if n["id"] == forum)
    return note


def _versions() -> list[dict[str, Any]]:
    """The export as an organizer changes it: a paper added, then one removed and another
    edited, then one retitled and the added one moved to orals."""
    first = json.loads((BOOKLET_ROOT / "export.json").read_text(encoding="utf-8"))
    added = copy.deepcopy(first)
    late = copy.deepcopy(_note(first, "spotPaper2"))
    late["id"] = late["forum"] = "latePaper9"
    late["content"]["title"]["value"] = "A Late Accept About Wombats"
    late["content"]["abstract"]["value"] = "Wombats compress key-value caches."
    del late["content"]["_bibtex"]  # OpenReview's own citation key is the copied paper's
    added["notes"].append(late)
    edited = copy.deepcopy(added)
    edited["notes"] = [n for n in edited["notes"] if n["id"] != "postPaper3"]
    _note(edited, "oralPaper1")["content"]["abstract"]["value"] = "Only quokkas remain."
    retitled = copy.deepcopy(edited)
    _note(retitled, "spotPaper2")["content"]["title"]["value"] = "Spotlight, Renamed"
    _note(retitled, "latePaper9")["content"]["venue"]["value"] = "TW @ ICML 2025 Oral"
    return [first, added, edited, retitled]


def _build(docs: Path, export: Path, out: Path) -> str:
    command = [
        sys.executable, "-m", "fomoproc", "build", "--no-pdf", "-j", "2",
        "--docs", str(docs), "--export", str(export),
        "--program", str(docs / "program.toml"), "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _site(out: Path) -> dict[str, bytes]:
    html = out / "html"
    return {
        p.relative_to(html).as_posix(): p.read_bytes()
        for p in sorted(html.rglob("*"))
        if p.is_file()
    }


def test_every_rebuild_ends_as_a_cold_build_of_its_input(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(BOOKLET_ROOT, docs)
    export = tmp_path / "export.json"
    for number, version in enumerate(_versions()):
        export.write_text(json.dumps(version, indent=1), encoding="utf-8")
        _build(docs, export, tmp_path / "out")
        cold_docs = tmp_path / f"cold-docs-{number}"
        shutil.copytree(BOOKLET_ROOT, cold_docs)
        _build(cold_docs, export, tmp_path / f"cold-{number}")
        site, cold = _site(tmp_path / "out"), _site(tmp_path / f"cold-{number}")
        assert sorted(site) == sorted(cold), f"version {number}"
        differ = [name for name in site if site[name] != cold[name]]
        assert differ == [], f"version {number}"
    assert "papers/postPaper3.html" not in site
    neighbours = [
        name
        for name, data in site.items()
        if name.startswith("papers/late") and b"Spotlight, Renamed" in data
    ]
    assert neighbours  # a page whose previous or next link names the retitled paper
    index = site["searchindex.js"].decode()
    assert "mallory" not in index.casefold()  # the removed paper's words left the search


def test_adding_a_paper_reads_and_writes_only_what_it_touches(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(BOOKLET_ROOT, docs)
    export = tmp_path / "export.json"
    first, added, *_ = _versions()
    export.write_text(json.dumps(first), encoding="utf-8")
    _build(docs, export, tmp_path / "out")
    export.write_text(json.dumps(added), encoding="utf-8")
    shown = subprocess.run(
        [
            sys.executable, "-m", "sphinx", "--no-color", "-b", "html",
            str(docs), str(tmp_path / "out" / ".work" / "html"),
            # The settings `fomoproc build` gives: the same configuration as the build before.
            "-D", f"fomoproc_export={export.resolve()}",
            "-D", f"fomoproc_program={(docs / 'program.toml').resolve()}",
        ],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    read = set(re.findall(r"reading sources\.\.\. \[ *\d+%\] (\S+)", shown))
    written = set(re.findall(r"writing output\.\.\. \[ *\d+%\] (\S+)", shown))
    # The new paper and the pages that list its title or authors (the papers index, the
    # author index, the schedule's poster session, the posters); written again besides:
    # the spotlight before it and the poster after it, whose next and previous links now
    # name it, the home page, whose table of contents lists the papers, and the agenda page,
    # whose address of the agenda's data (with its checksum) changed.
    assert read == {
        "papers/latePaper9",
        "papers/index",
        "papers/authors",
        "program/schedule",
        "program/posters",
    }
    assert written == read | {"papers/spotPaper2", "papers/postPaper3", "index", "program/agenda"}
