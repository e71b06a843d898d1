"""Same input, same bytes; unchanged input, untouched files; a failed build changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import BOOKLET_ROOT, BuildBooklet, needs_tex
from fomoproc import cli
from fomoproc.output import OutputError, claim, publish_site, source_date, workshop_epoch
from fomoproc.tex import TexMissing
from hostile import write_export

Snapshot = dict[str, tuple[int, bytes]]


def snapshot(*folders: Path) -> Snapshot:
    """Every published file: modification time and bytes (Sphinx's work folder aside)."""
    files: Snapshot = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            parts = path.relative_to(folder).parts
            if path.is_file() and cli.WORK not in parts:
                files[path.as_posix()] = (path.stat().st_mtime_ns, path.read_bytes())
    return files


def _contents(files: Snapshot, root: Path) -> dict[str, bytes]:
    return {Path(p).relative_to(root).as_posix(): data for p, (_, data) in files.items()}


@pytest.fixture
def no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds as an organizer runs them: SOURCE_DATE_EPOCH unset."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("FORCE_SOURCE_DATE", raising=False)


@pytest.mark.pdf
@pytest.mark.usefixtures("no_epoch")
def test_rebuilds_touch_nothing_and_fresh_builds_give_the_same_bytes(
    tmp_path: Path, build_booklet: BuildBooklet
) -> None:
    needs_tex()
    out = tmp_path / "out"
    assert build_booklet(pdf=True) == 0
    first = snapshot(out, tmp_path / "docs")
    assert build_booklet(pdf=True) == 0
    assert snapshot(out, tmp_path / "docs") == first  # same bytes, same mtimes

    # From scratch: no generated sources, no work folder, no output.
    shutil.rmtree(out)
    for folder in ("papers", "program"):
        shutil.rmtree(tmp_path / "docs" / folder)
    assert build_booklet(pdf=True) == 0
    second = snapshot(out, tmp_path / "docs")
    assert _contents(second, tmp_path) == _contents(first, tmp_path)
    assert any(p.endswith(".bib") for p in second)
    assert any(p.endswith("booklet.pdf") for p in second)


@pytest.mark.pdf
@pytest.mark.usefixtures("no_epoch")
def test_the_booklet_is_dated_on_the_workshop_day(
    tmp_path: Path, build_booklet: BuildBooklet
) -> None:
    needs_tex()
    assert build_booklet(pdf=True) == 0
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(tmp_path / "out" / "booklet.pdf")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert re.search(r"^CreationDate: +2025-07-18T00:00:00Z$", info, re.MULTILINE), info
    tex = (tmp_path / "out" / cli.WORK / "latex" / "booklet.tex").read_text("utf-8")
    assert r"\date{Jul 18, 2025}" in tex


def test_the_user_s_source_date_epoch_wins_and_is_restored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    default = workshop_epoch(dt.date(2025, 7, 18))
    assert default == 1752796800
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with source_date(default) as epoch:
        assert epoch == default and os.environ["SOURCE_DATE_EPOCH"] == str(default)
    assert "SOURCE_DATE_EPOCH" not in os.environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with source_date(default) as epoch:
        assert epoch == 1700000000
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"


def _without(source: Path, target: Path, forum: str) -> Path:
    data = json.loads(source.read_text("utf-8"))
    return write_export(target, [n for n in data["notes"] if n["forum"] != forum])


def test_a_removed_paper_disappears_from_every_page_index_and_search(
    tmp_path: Path, build_booklet: BuildBooklet
) -> None:
    assert build_booklet() == 0
    html = tmp_path / "out" / "html"
    assert "postPaper3" in (html / "searchindex.js").read_text("utf-8")
    smaller = _without(BOOKLET_ROOT / "export.json", tmp_path / "smaller.json", "postPaper3")
    assert build_booklet(export=smaller) == 0
    for path in html.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"postPaper3" not in data, path
            assert b"Mallory" not in data, path
    assert not (tmp_path / "docs" / "papers" / "postPaper3.md").exists()


def test_dirhtml_keeps_every_page_and_drops_a_removed_paper_s(
    tmp_path: Path, make_app: Any
) -> None:
    # Under dirhtml a page is "papers/<id>/index.html": the clean-up of removed pages must
    # know where the builder puts pages, or it deletes them all.
    docs = tmp_path / "docs"
    shutil.copytree(BOOKLET_ROOT, docs)
    out = tmp_path / "out"
    make_app("dirhtml", srcdir=docs, builddir=out).build()
    site = out / "dirhtml" / "papers"
    shown = {p.parent.name for p in site.glob("*/index.html")}
    assert "postPaper3" in shown and len(shown) >= 3
    _without(BOOKLET_ROOT / "export.json", docs / "export.json", "postPaper3")
    make_app("dirhtml", srcdir=docs, builddir=out).build()
    left = {p.parent.name for p in site.glob("*/index.html")}
    assert left == shown - {"postPaper3"}
    assert not (site / "postPaper3").exists()


CRASH = """

def setup(app):
    def crash(app, pagename, *args):
        if pagename == "papers/spotPaper2":
            raise RuntimeError("simulated crash while writing pages")

    app.connect("html-page-context", crash)
"""


def test_a_crash_mid_build_leaves_the_previous_site_usable(
    tmp_path: Path, build_booklet: BuildBooklet, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build_booklet() == 0
    out = tmp_path / "out"
    before = snapshot(out)
    conf = tmp_path / "docs" / "conf.py"
    good_conf = conf.read_text("utf-8")
    conf.write_text(good_conf + CRASH, encoding="utf-8")
    smaller = _without(BOOKLET_ROOT / "export.json", tmp_path / "smaller.json", "postPaper3")
    capsys.readouterr()
    assert build_booklet(export=smaller) != 0
    err = capsys.readouterr().err
    # One line: what failed, where Sphinx's details are, and that readers see no change.
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "the HTML build failed: " in err and "simulated crash while writing pages" in err
    assert err.endswith(f"the booklet in {out} is left as it was\n")
    # Sphinx wrote some pages of the new build before the crash; readers see none of them.
    assert snapshot(out) == before
    assert (out / "html" / "papers" / "postPaper3.html").is_file()
    conf.write_text(good_conf, encoding="utf-8")
    assert build_booklet(export=smaller) == 0
    assert not (out / "html" / "papers" / "postPaper3.html").exists()


def test_a_failed_pdf_publishes_neither_site_nor_pdf(
    tmp_path: Path, build_booklet: BuildBooklet, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_booklet() == 0
    before = snapshot(tmp_path / "out")

    def broken(latex_dir: Path, tex_name: str) -> Path:
        raise TexMissing("LaTeX failed: ! simulated")

    monkeypatch.setattr(cli, "ensure", lambda say: None)
    monkeypatch.setattr(cli, "compile_pdf", broken)
    smaller = _without(BOOKLET_ROOT / "export.json", tmp_path / "smaller.json", "postPaper3")
    assert build_booklet(export=smaller, pdf=True) == 1
    assert snapshot(tmp_path / "out") == before


def _tree(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


def test_publishing_makes_a_whole_new_version_linking_unchanged_files(tmp_path: Path) -> None:
    work, out = tmp_path / "work", tmp_path / "out"
    _tree(
        work,
        {
            "index.html": b"home",
            "papers/a.html": b"paper a",
            "papers/gone/old.html": b"old",
            ".doctrees/env.pickle": b"cache",
        },
    )
    first = publish_site(work, out)
    assert first.written == ("index.html", "papers/a.html", "papers/gone/old.html")
    assert (out / "html").readlink() == Path(".site/1")
    assert not (out / "html" / ".doctrees").exists()  # Sphinx's cache is not the site's
    home = (out / "html" / "index.html").stat()

    # A changed page, one with the same bytes but a new time, a removed folder's page.
    (work / "papers/a.html").write_bytes(b"paper A")
    os.utime(work / "index.html", ns=(1, 1))
    shutil.rmtree(work / "papers/gone")
    second = publish_site(work, out)
    assert (second.written, second.removed, second.unchanged) == (
        ("papers/a.html",),
        ("papers/gone/old.html",),
        1,
    )
    assert (out / "html").readlink() == Path(".site/2")
    assert sorted(p.name for p in (out / ".site").iterdir()) == ["2"]  # the old one is gone
    same = (out / "html" / "index.html").stat()
    assert (same.st_ino, same.st_mtime_ns) == (home.st_ino, home.st_mtime_ns)  # linked
    assert (out / "html/papers/a.html").read_bytes() == b"paper A"
    assert not (out / "html/papers/gone").exists()

    # Unchanged input: no new version, no file touched.
    assert publish_site(work, out) == type(second)((), (), 2)
    assert (out / "html").readlink() == Path(".site/2")


def test_a_plain_site_is_updated_in_place_and_keeps_files_fomoproc_did_not_publish(
    tmp_path: Path,
) -> None:
    work, out = tmp_path / "work", tmp_path / "out"
    _tree(work, {"index.html": b"home", "papers/a.html": b"a", "papers/b.html": b"b"})
    publish_site(work, out, plain=True)
    site = out / "html"
    assert site.is_dir() and not site.is_symlink()
    (site / "papers" / "notes.txt").write_bytes(b"the host's own file")
    (work / "papers/b.html").unlink()
    (work / "papers/a.html").write_bytes(b"A")
    second = publish_site(work, out, plain=True)
    assert (second.written, second.removed) == (("papers/a.html",), ("papers/b.html",))
    assert sorted(p.name for p in (site / "papers").iterdir()) == ["a.html", "notes.txt"]
    # Back to versions: the plain folder holds a file fomoproc did not publish, so the
    # output folder is refused until it is moved.
    with pytest.raises(OutputError, match=r"holds files fomoproc did not publish \(papers/notes"):
        claim(out, force=False)
    (site / "papers" / "notes.txt").unlink()
    claim(out, force=False)
    publish_site(work, out)
    assert site.is_symlink() and (site / "papers/a.html").read_bytes() == b"A"
    assert sorted(p.name for p in (out / ".site").iterdir()) == ["1"]
