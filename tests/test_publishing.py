"""The published booklet is always whole: builds killed at every step, a full disk, two builds
at once, folders fomoproc did not make, hand-written files among the generated pages.

Builds that are killed run as `python -m fomoproc build` with ``FOMOPROC_PAUSE_AT`` naming a
step (fomoproc.pause): the build says it reached the step on its standard error and waits on
its standard input, a pipe this module holds, and is killed there.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BOOKLET_ROOT, BuildBooklet, needs_tex
from fomoproc.pipeline import write_pages
from hostile import write_export

Site = dict[str, bytes]


def site_files(out: Path) -> Site:
    """Every file readers see through ``out/html``, by path, with its bytes."""
    html = out / "html"
    return {
        path.relative_to(html).as_posix(): path.read_bytes()
        for path in sorted(html.rglob("*"))
        if path.is_file()
    }


def leftovers(out: Path) -> list[str]:
    """What a finished build must not leave in its output folder: half-written files and
    versions other than the one readers see."""
    partial = [p.name for p in out.rglob(".*.partial") if ".work" not in p.parts]
    versions = sorted(p.name for p in (out / ".site").iterdir())
    current = (out / "html").readlink().name
    return partial + [f".site/{name}" for name in versions if name != current]


def second_export(folder: Path) -> Path:
    """The sample export with a paper removed and another renamed: most pages change."""
    data = json.loads((BOOKLET_ROOT / "export.json").read_text("utf-8"))
    notes = [note for note in data["notes"] if note["forum"] != "postPaper3"]
    for note in notes:
        if note["forum"] == "spotPaper2":
            note["content"]["title"]["value"] = "A Renamed Spotlight"
    return write_export(folder / "second.json", notes)


def command(
    root: Path, export: Path, *options: str, docs: Path | None = None, out: Path | None = None
) -> list[str]:
    """`fomoproc build` of ``root``/docs into ``root``/out, unless told other folders."""
    docs, out = docs or root / "docs", out or root / "out"
    return [
        sys.executable, "-m", "fomoproc", "build", *options,
        "--docs", str(docs), "--export", str(export),
        "--program", str(docs / "program.toml"), "--out", str(out),
    ]  # fmt: skip


def run(root: Path, export: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(root, export, *options), capture_output=True, text=True, check=False
    )


@dataclass
class Paused:
    """A build stopped at a step, holding its locks."""

    process: subprocess.Popen[str]

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)  # Sphinx's forked workers too
        self.process.wait()
        self.close()

    def resume(self) -> tuple[int, str]:
        assert self.process.stdin is not None and self.process.stderr is not None
        self.process.stdin.close()
        said = self.process.stderr.read()
        status = self.process.wait()
        self.close()
        return status, said

    def close(self) -> None:
        for stream in (self.process.stdin, self.process.stderr):
            if stream is not None:
                stream.close()


def pause_at(step: str, argv: list[str], *, limit_files: bool = False) -> Paused:
    """Start a build that stops at ``step``; return once it is there."""

    def child() -> None:
        # A file-size limit makes writes fail (EFBIG) instead of killing the process.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    process = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "FOMOPROC_PAUSE_AT": step},
        start_new_session=True,
        preexec_fn=child if limit_files else None,  # noqa: PLW1509 - only signal handling
    )
    assert process.stderr is not None
    said = []
    for line in process.stderr:  # blocks until the build speaks or ends
        if line == f"fomoproc: paused at {step}\n":
            return Paused(process)
        said.append(line)
    process.wait()
    pytest.fail(f"the build ended before {step}: {''.join(said)}")


@dataclass(frozen=True)
class Versions:
    """A project and output folder holding the first booklet, and both booklets' sites."""

    root: Path
    first: Site
    second: Site
    export: Path  # the second booklet's export


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    """The sample booklet built; the second booklet built from scratch elsewhere."""
    root = tmp_path_factory.mktemp("first")
    shutil.copytree(BOOKLET_ROOT, root / "docs")
    done = run(root, root / "docs" / "export.json", "--no-pdf")
    assert done.returncode == 0, done.stderr
    cold = tmp_path_factory.mktemp("cold")
    shutil.copytree(BOOKLET_ROOT, cold / "docs")
    export = second_export(cold)
    done = run(cold, export, "--no-pdf")
    assert done.returncode == 0, done.stderr
    return Versions(root, site_files(root / "out"), site_files(cold / "out"), export)


def copy_of(versions: Versions, tmp_path: Path) -> Path:
    for folder in ("docs", "out"):
        shutil.copytree(versions.root / folder, tmp_path / folder, symlinks=True)
    return tmp_path


@pytest.mark.parametrize(
    ("step", "after"),
    [
        ("loaded", "first"),
        ("generated", "first"),  # the generated pages of docs/ are the second's already
        ("html-writing", "first"),  # Sphinx writing pages into the work folder
        ("html-built", "first"),
        ("site-copying", "first"),  # the new version half made, beside the published one
        ("site-made", "first"),
        ("site-switched", "second"),  # readers are on the new version: it is whole
    ],
)
def test_a_build_killed_at_any_step_leaves_a_whole_site(
    versions: Versions, tmp_path: Path, step: str, after: str
) -> None:
    # Before: a build killed while it copied files into build/html left half the site old,
    # half new, and a 0-byte page.
    root = copy_of(versions, tmp_path)
    out = root / "out"
    pause_at(step, command(root, versions.export, "--no-pdf")).kill()
    site = site_files(out)
    assert site == (versions.first if after == "first" else versions.second)
    assert all(site.values())  # no empty file
    # The next build finishes the job: the second site, nothing else left behind.
    done = run(root, versions.export, "--no-pdf")
    assert done.returncode == 0, done.stderr
    assert site_files(out) == versions.second
    assert leftovers(out) == []


def test_a_page_cut_short_by_a_killed_sphinx_is_written_again(
    versions: Versions, tmp_path: Path
) -> None:
    # Sphinx keeps what it read before it writes: a page it was writing when the build was
    # killed is not written again by the next build, which would publish it cut short.
    root = copy_of(versions, tmp_path)
    pause_at("html-writing", command(root, versions.export, "--no-pdf")).kill()
    (root / "out" / ".work" / "html" / "program" / "people.html").write_bytes(b"<html><bo")
    done = run(root, versions.export, "--no-pdf")
    assert done.returncode == 0, done.stderr
    assert site_files(root / "out") == versions.second


@pytest.mark.pdf
def test_a_build_killed_while_it_replaces_the_pdf_leaves_the_previous_pdf(
    tmp_path: Path,
) -> None:
    needs_tex()
    shutil.copytree(BOOKLET_ROOT, tmp_path / "docs")
    done = run(tmp_path, tmp_path / "docs" / "export.json")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    pdf, site = (out / "booklet.pdf").read_bytes(), site_files(out)
    pause_at("pdf-copied", command(tmp_path, second_export(tmp_path))).kill()
    assert (out / "booklet.pdf").read_bytes() == pdf
    assert site_files(out) != site  # the site is the new one, whole; the PDF the old one
    assert b"A Renamed Spotlight" in site_files(out)["papers/spotPaper2.html"]


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[bool]:
    """A 64 MB file system at ``folder`` (a tmpfs: True), or the folder as it is where
    this machine allows no mount (False: the test limits the size of files instead)."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    try:
        yield mounted.returncode == 0
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(folder: Path) -> None:
    """Take every free byte of the file system ``folder`` is on."""
    with (folder / "filler").open("wb", buffering=0) as filler:
        for size in (1 << 20, 1 << 12, 1):
            with contextlib.suppress(OSError):
                while True:
                    filler.write(b"\0" * size)


@pytest.mark.parametrize("step", ["loaded", "html-built"], ids=["in-sphinx", "in-publishing"])
def test_a_full_disk_is_one_line_and_the_previous_site_stays(
    versions: Versions, tmp_path: Path, step: str
) -> None:
    # Before: a full disk while publishing left a half-copied site and a traceback.
    with small_disk(tmp_path / "disk") as mounted:
        root = copy_of(versions, tmp_path / "disk")
        paused = pause_at(step, command(root, versions.export, "--no-pdf"), limit_files=True)
        if mounted:
            fill(root)
        else:  # no mount here: any file written from now on is too large
            resource.prlimit(paused.process.pid, resource.RLIMIT_FSIZE, (0, 0))
        status, said = paused.resume()
        assert status == 2
        assert said.count("\n") == 1 and said.startswith("fomoproc: error: "), said
        reason = os.strerror(errno.ENOSPC if mounted else errno.EFBIG)
        assert reason in said and said.endswith("is left as it was\n")
        assert site_files(root / "out") == versions.first
        (root / "filler").unlink(missing_ok=True)
        done = run(root, versions.export, "--no-pdf")
        assert done.returncode == 0, done.stderr
        assert site_files(root / "out") == versions.second
        assert leftovers(root / "out") == []


def test_a_second_build_of_the_same_project_or_output_stops_with_one_line(
    versions: Versions, tmp_path: Path
) -> None:
    # Before: two builds of two exports in one docs/ both said they succeeded, and one
    # site served the other's volume.bib.
    root = copy_of(versions, tmp_path)
    first = pause_at("loaded", command(root, versions.export, "--no-pdf"))
    other = tmp_path / "other"
    other.mkdir()
    shutil.copytree(BOOKLET_ROOT, other / "docs")
    same_project = command(root, root / "docs" / "export.json", "--no-pdf", out=other / "out")
    same_output = command(other, other / "docs" / "export.json", "--no-pdf", out=root / "out")
    for argv, folder, role in (
        (same_project, root / "docs", "project"),
        (same_output, root / "out", "output"),
    ):
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        assert done.returncode == 2
        assert done.stderr == (
            f"fomoproc: error: {folder}: another fomoproc build is using this {role} folder; "
            "wait for it to finish, then build again\n"
        )
    status, said = first.resume()
    assert status == 0, said
    bib = site_files(root / "out")["papers/bib/volume.bib"]
    assert b"Renamed Spotlight" in bib and b"postPaper3" not in bib
    assert not (other / "out" / "html").exists()


def test_a_folder_fomoproc_did_not_make_is_refused_then_built_beside_with_force(
    tmp_path: Path, build_booklet: BuildBooklet, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: --out deleted every file in OUT/html that the build did not make.
    out = tmp_path / "out"
    (out / "site").mkdir(parents=True)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "site" / "old.html").write_text("old", encoding="utf-8")
    assert build_booklet() == 2
    assert capsys.readouterr().err == (
        f"fomoproc: error: {out}: this folder is not empty (notes.txt, site) and fomoproc did "
        "not make it: choose a new or empty folder with --out, or pass --force to build "
        "beside its files\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "site"]
    assert build_booklet(options=("--force",)) == 0
    assert (out / "html" / "index.html").is_file()
    assert build_booklet() == 0  # fomoproc's now: no --force needed
    assert (out / "notes.txt").read_text("utf-8") == "mine"
    assert (out / "site" / "old.html").read_text("utf-8") == "old"


def test_force_never_replaces_a_site_fomoproc_did_not_make(
    tmp_path: Path, build_booklet: BuildBooklet, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out" / "html").mkdir(parents=True)
    (tmp_path / "out" / "html" / "index.html").write_text("theirs", encoding="utf-8")
    assert build_booklet(options=("--force",)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{tmp_path / 'out' / 'html'}: fomoproc did not make" in err
    assert (tmp_path / "out" / "html" / "index.html").read_text("utf-8") == "theirs"


def test_a_hand_written_file_among_generated_pages_is_reported_and_kept(
    tmp_path: Path, build_booklet: BuildBooklet, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: generation deleted every file in docs/papers/ it had not just written.
    assert build_booklet() == 0
    notes = tmp_path / "docs" / "papers" / "notes.txt"
    notes.write_text("the organizers' notes", encoding="utf-8")
    capsys.readouterr()
    assert build_booklet() == 0
    out = capsys.readouterr().out
    assert (
        f"fomoproc: warning: {notes}: not made by fomoproc, in a folder it generates "
        "(papers/, program/): kept, never removed; move it out, or it is read as part of the "
        "booklet\n"
    ) in out
    assert notes.read_text("utf-8") == "the organizers' notes"


def test_generation_never_writes_over_a_hand_written_page(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "index.md").write_text("# Our own index\n", encoding="utf-8")
    (papers / "stale.md").write_text("% Generated by fomoproc from x.json: ...\n", "utf-8")
    (papers / ".b.md.partial").write_text("% Generated by fomo", encoding="utf-8")  # killed
    page = "% Generated by fomoproc from x.json: edit the input, not this file.\n# A\n"
    synced = write_pages(tmp_path, {"papers/index.md": page, "papers/a.md": page})
    assert synced.kept == ("papers/index.md",)
    assert synced.written == ("papers/a.md",)
    assert sorted(synced.removed) == ["papers/.b.md.partial", "papers/stale.md"]
    assert (papers / "index.md").read_text("utf-8") == "# Our own index\n"


def test_a_plain_site_for_read_the_docs(tmp_path: Path, build_booklet: BuildBooklet) -> None:
    # Read the Docs uploads the folder it gives, maybe made beforehand, empty: no link, no
    # versions there.
    html = tmp_path / "out" / "html"
    html.mkdir(parents=True)
    assert build_booklet(options=("--plain",)) == 0
    assert html.is_dir() and not html.is_symlink()
    assert not (tmp_path / "out" / ".site").exists()
    assert (html / "papers" / "bib" / "volume.bib").is_file()
