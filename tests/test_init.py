"""`fomoproc init`: a new booklet's folder that builds at once, for any workshop."""

from __future__ import annotations

import ast
import datetime as dt
import importlib.metadata
import importlib.util
import io
import json
import os
import pty
import select
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import fomoproc
from fomoproc import scaffold
from fomoproc.cli import main

REPO = Path(fomoproc.__file__).resolve().parents[2]
GROUP = "Test.cc/2026/Workshop/W"
NAME = "Workshop on *Sparse* Kernels & `Caches` [2026]"
OPTIONS = ("--group", GROUP, "--name", NAME, "--date", "2026-07-18", "--timezone", "Europe/Paris")


def one_error_line(err: str) -> str:
    """The one line a refusal prints, checked to be one line without a traceback."""
    assert err.count("\n") == 1 and err.startswith("fomoproc: error: "), err
    assert "Traceback" not in err
    return err


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input that is not a terminal (a pipe, CI, a script)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def _init(folder: Path, *options: str) -> int:
    return main(["init", str(folder), *options])


def _page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.usefixtures("no_terminal")
def test_a_new_booklet_builds_at_once_and_is_named_after_the_workshop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "booklet"
    assert _init(folder, *OPTIONS) == 0
    out = capsys.readouterr().out
    assert f"fomoproc: wrote the booklet of W in {folder}:" in out
    assert f"cd {folder} && python3 -m pip install nox && nox -s build" in out
    assert f"fomoproc fetch {GROUP}" in out
    program = tomllib.loads((folder / "papers" / "program.toml").read_text("utf-8"))
    assert program["workshop"] == {
        "short_name": "W",  # the group's last part
        "name": NAME,
        "conference": "Test 2026",  # the group's venue and year
        "openreview_group": GROUP,
        "date": dt.date(2026, 7, 18),
        "timezone": "Europe/Paris",
    }
    readme = (folder / "README.md").read_text("utf-8")
    assert "python3 -m pip install nox && nox -s build" in readme
    assert f"fomoproc fetch {GROUP}" in readme
    assert (folder / ".gitignore").read_text("utf-8").count("docs/papers/") == 1

    papers = folder / "papers"
    build = ["build", "--no-pdf", "--docs", str(folder / "docs"), "--out", str(folder / "build")]
    status = main(
        [*build, "--export", str(papers / "export.json"), "--program", str(papers / "program.toml")]
    )
    assert status == 0, capsys.readouterr()  # `fomoproc build` stops at any Sphinx warning
    assert "0 records: 0 accepted, 0 excluded" in capsys.readouterr().out
    site = folder / "build" / "html"
    home = _page(site / "index.html")
    assert home.title is not None and home.title.get_text().strip().endswith("W")
    heading = home.find("h1")
    assert heading is not None and heading.get_text().strip("#¶ ") == f"W: {NAME}"
    assert "Workshop at Test 2026, Saturday 18 July 2026." in home.get_text()
    menu = [a.get_text().strip() for a in home.select("nav a.nav-link")]
    for section in ("Schedule", "Accepted papers", "Speakers and organizers", "Call for papers"):
        assert section in menu
    listing = _page(site / "papers" / "index.html").find("main")
    assert listing is not None and "No accepted papers yet" in listing.get_text()
    call = _page(site / "call.html")
    link = call.find("a", href=f"https://openreview.net/group?id={GROUP}")
    assert link is not None and link.get_text() == "OpenReview"


@pytest.mark.usefixtures("no_terminal")
def test_a_folder_that_is_not_empty_is_refused_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "booklet"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert _init(folder, *OPTIONS) == 2
    err = one_error_line(capsys.readouterr().err)
    assert f"{folder}: not empty" in err and "--force" in err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    # Forced: the booklet's files are written beside the others; an export is kept.
    (folder / "papers").mkdir()
    (folder / "papers" / "export.json").write_text('{"notes": [1]}\n', encoding="utf-8")
    assert _init(folder, *OPTIONS, "--force") == 0
    assert f"kept {folder / 'papers' / 'export.json'} as it was" in capsys.readouterr().out
    assert (folder / "papers" / "export.json").read_text("utf-8") == '{"notes": [1]}\n'
    assert (folder / "notes.txt").read_text("utf-8") == "mine\n"
    assert (folder / "docs" / "conf.py").is_file()


@pytest.mark.usefixtures("no_terminal")
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param(
            ("--group", GROUP),
            "missing --name, --date, --timezone, and no terminal to ask at",
            id="missing-values",
        ),
        pytest.param(
            ("--group", "NoYear/Workshop/W", *OPTIONS[2:]),
            "missing --conference, and no terminal to ask at",
            id="no-conference-in-the-group",
        ),
        pytest.param(
            (*OPTIONS[:4], "--date", "18/07/2026", "--timezone", "UTC"),
            "--date: expected a date like 2026-07-18, got '18/07/2026'",
            id="bad-date",
        ),
        pytest.param(
            (*OPTIONS[:4], "--date", "2026-02-30", "--timezone", "UTC"),
            "--date: expected a date like 2026-07-18, got '2026-02-30'",
            id="no-such-day",
        ),
        pytest.param(
            (*OPTIONS[:6], "--timezone", "Europe/Pariss"),
            "--timezone: unknown IANA time zone 'Europe/Pariss' (did you mean Europe/Paris?)",
            id="bad-zone",
        ),
        pytest.param(
            ("--group", "ICML 2026", *OPTIONS[2:]),
            "--group: expected a group id like ICML.cc/2026/Workshop/NAME, got 'ICML 2026'",
            id="bad-group",
        ),
    ],
)
def test_without_a_terminal_nothing_is_asked_and_a_missing_value_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: tuple[str, ...], expected: str
) -> None:
    folder = tmp_path / "booklet"
    assert _init(folder, *options) == 2
    captured = capsys.readouterr()
    assert expected in one_error_line(captured.err)
    assert captured.out == ""
    assert not folder.exists()


def _converse(argv: list[str], answers: dict[str, str]) -> tuple[int, str]:
    """Run a command at a pseudo-terminal, answering each prompt that ends with a key of
    ``answers``; its exit status and everything it wrote."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        argv, stdin=follower, stdout=follower, stderr=follower, close_fds=True
    )
    os.close(follower)
    seen = b""
    pending = dict(answers)
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 60)
            assert ready, f"no output for 60 s; so far: {seen.decode(errors='replace')}"
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closes when the command ends
                break
            if not chunk:
                break
            seen += chunk
            text = seen.decode(errors="replace")
            for prompt, answer in list(pending.items()):
                if text.rstrip().endswith(prompt):
                    os.write(leader, answer.encode() + b"\n")
                    del pending[prompt]
                    break
    finally:
        os.close(leader)
    return process.wait(timeout=60), seen.decode(errors="replace").replace("\r\n", "\n")


def test_at_a_terminal_each_missing_value_is_asked_for(tmp_path: Path) -> None:
    folder = tmp_path / "booklet"
    status, said = _converse(
        [sys.executable, "-m", "fomoproc", "init", str(folder), "--name", "Asked Workshop"],
        {
            "(e.g. ICML.cc/2026/Workshop/NAME):": "ICML.cc/2026/Workshop/ASK",
            "Short name, shown in titles [ASK]:": "",  # the default
            "Conference it is part of [ICML 2026]:": "ICML 2026 (Seoul)",
            "Day of the workshop (YYYY-MM-DD):": "18 July",
            "got '18 July'. Day of the workshop (YYYY-MM-DD):": "2026-07-18",
            "(IANA name, e.g. Europe/Paris):": "Asia/Seoul",
        },
    )
    assert status == 0, said
    assert "Name of the workshop" not in said  # given as an option: not asked
    assert "Expected a date like 2026-07-18, got '18 July'." in said
    workshop = tomllib.loads((folder / "papers" / "program.toml").read_text("utf-8"))["workshop"]
    assert (workshop["short_name"], workshop["conference"]) == ("ASK", "ICML 2026 (Seoul)")
    assert (workshop["name"], workshop["timezone"]) == ("Asked Workshop", "Asia/Seoul")
    assert str(workshop["date"]) == "2026-07-18"


def test_at_a_terminal_the_end_of_input_is_one_line(tmp_path: Path) -> None:
    status, said = _converse(
        [sys.executable, "-m", "fomoproc", "init", str(tmp_path / "b"), "--group", GROUP],
        {"Name of the workshop:": "\x04"},  # Ctrl-D: the end of input
    )
    assert status == 2
    assert said.rstrip().endswith("fomoproc: error: no answer for --name")


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        pytest.param(None, ("fomoproc==0.1.0",), id="package-index"),
        pytest.param(
            '{"url": "file:///home/me/fomoproc", "dir_info": {"editable": true}}',
            ("-e", "/home/me/fomoproc"),
            id="editable-folder",
        ),
        pytest.param(
            '{"url": "file:///home/me/my%20fomoproc", "dir_info": {}}',
            ("/home/me/my fomoproc",),
            id="folder",
        ),
        pytest.param(
            '{"url": "file:///tmp/fomoproc-0.1.0-py3-none-any.whl", "archive_info": {}}',
            ("/tmp/fomoproc-0.1.0-py3-none-any.whl",),
            id="local-wheel",
        ),
        pytest.param(
            '{"url": "https://example.org/fomoproc-0.1.0.tar.gz", "archive_info": {}}',
            ("fomoproc @ https://example.org/fomoproc-0.1.0.tar.gz",),
            id="archive-url",
        ),
        pytest.param(
            '{"url": "https://example.org/fomoproc.git", '
            '"vcs_info": {"vcs": "git", "commit_id": "0123abc"}}',
            ("fomoproc @ git+https://example.org/fomoproc.git@0123abc",),
            id="git-commit",
        ),
        pytest.param("{not json", ("fomoproc==0.1.0",), id="unreadable"),
    ],
)
def test_the_noxfile_installs_fomoproc_from_where_it_came_from(
    direct_url: str | None, expected: tuple[str, ...]
) -> None:
    assert scaffold.requirement(direct_url, "0.1.0") == expected


def _noxfile_source(noxfile: str) -> tuple[str, ...]:
    for node in ast.parse(noxfile).body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "FOMOPROC":
            value = ast.literal_eval(node.value)
            assert isinstance(value, tuple)
            return value
    raise AssertionError("the noxfile has no FOMOPROC")


@pytest.mark.usefixtures("no_terminal")
def test_the_new_noxfile_names_this_fomoproc_source(tmp_path: Path) -> None:
    assert _init(tmp_path / "b", *OPTIONS) == 0
    noxfile = (tmp_path / "b" / "noxfile.py").read_text("utf-8")
    direct = json.loads(
        importlib.metadata.distribution("fomoproc").read_text("direct_url.json") or "{}"
    )
    if not direct.get("dir_info", {}).get("editable"):
        pytest.skip("fomoproc is not installed from this checkout in editable mode")
    assert _noxfile_source(noxfile) == ("-e", str(REPO))


#: What the program says, which a booklet's conf.py leaves to the extension.
FROM_THE_PROGRAM = {"project", "author", "copyright", "html_title", "latex_documents"}


def test_es_fomo_s_conf_py_is_the_one_init_writes_and_names_nothing_the_program_says() -> None:
    conf = (REPO / "docs" / "conf.py").read_text("utf-8")
    assert conf == (scaffold.SKELETON / "docs" / "conf.py").read_text("utf-8")
    assigned = {
        ast.unparse(target)
        for node in ast.parse(conf).body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
    }
    assert not assigned & FROM_THE_PROGRAM
    assert "maketitle" not in conf and "ES-FoMo" not in conf


@pytest.mark.venv
@pytest.mark.usefixtures("no_terminal")
def test_nox_builds_a_new_booklet(tmp_path: Path) -> None:
    """The organizer's path: `nox -s build` in the new folder, in a virtualenv of its own."""
    if importlib.util.find_spec("nox") is None:
        pytest.skip("nox is not installed")
    folder = tmp_path / "booklet"
    assert _init(folder, *OPTIONS) == 0
    done = subprocess.run(
        [sys.executable, "-m", "nox", "-s", "build", "--", "--no-pdf"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "fomoproc: export.json: 0 records: 0 accepted, 0 excluded" in done.stdout
    heading = _page(folder / "build" / "html" / "index.html").find("h1")
    assert heading is not None and NAME in heading.get_text()
