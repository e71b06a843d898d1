"""`fomoproc init`: a new booklet's folder, which builds before its first export.

The files are those of ``skeleton/`` beside this module. The few that name the workshop
are ``string.Template`` texts, and each value is escaped for the file it goes into: TOML by
tomli_w, MyST by the page writer's ``escape``; a value is one line, so that a comment that
quotes it stays one comment.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import importlib.metadata
import json
import re
import string
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

import tomli_w

from fomoproc import __version__
from fomoproc.disk import write_if_changed
from fomoproc.writers.myst import escape, link, long_date

SKELETON = Path(__file__).parent / "skeleton"
#: The export a new booklet starts with: no notes, which builds a booklet of no papers.
EXPORT = "papers/export.json"
EMPTY_EXPORT = b'{"notes": []}\n'
#: The skeleton's files that name the workshop (templates), by path in the new folder.
TEMPLATES = ("README.md", "docs/call.md", "docs/index.md", "papers/program.toml")
#: Skeleton files stored under another name (a dot file is easy to lose in a package).
RENAMED = {"gitignore": ".gitignore"}
#: The line of the skeleton's noxfile that says where fomoproc is installed from.
INSTALL_LINE = 'FOMOPROC = ("fomoproc",)\n'

#: Asks one question at a terminal and returns the answer; raises EOFError at end of input.
Ask = Callable[[str], str]


class InitError(Exception):
    """A booklet that cannot be started as asked; its text is one line for the user."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Answers:
    """What a new booklet's program says of its workshop."""

    group: str
    name: str
    short_name: str
    conference: str
    date: dt.date
    timezone: str


def _line(value: str) -> str:
    return " ".join(value.split())


def _group(value: str) -> str:
    value = _line(value)
    if " " in value:
        raise ValueError(f"expected a group id like ICML.cc/2026/Workshop/NAME, got {value!r}")
    return value


def _date(value: str) -> str:
    value = value.strip()
    # fromisoformat alone would also take "20260718" and "2026-W29-6".
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        with contextlib.suppress(ValueError):  # no such day: said below
            return dt.date.fromisoformat(value).isoformat()
    raise ValueError(f"expected a date like 2026-07-18, got {value!r}")


def _zone(value: str) -> str:
    value = value.strip()
    zones = zoneinfo.available_timezones()
    if value in zones:
        return value
    close = difflib.get_close_matches(value, sorted(zones), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise ValueError(f"unknown IANA time zone {value!r}{hint}")


def _short_name(answers: Mapping[str, str]) -> str:
    return answers.get("group", "").rstrip("/").rpartition("/")[2]


def _conference(answers: Mapping[str, str]) -> str:
    """ "ICML 2026" from "ICML.cc/2026/Workshop/NAME": the part before the year, and the year."""
    parts = answers.get("group", "").split("/")
    for index, part in enumerate(parts):
        if index and re.fullmatch(r"(19|20)\d\d", part):
            return f"{parts[index - 1].removesuffix('.cc')} {part}"
    return ""


def _none(_answers: Mapping[str, str]) -> str:
    return ""


@dataclass(frozen=True, slots=True)
class Question:
    """One value of the program: its question, its check, and its default from the others."""

    field: str
    prompt: str
    check: Callable[[str], str]
    default: Callable[[Mapping[str, str]], str] = _none

    @property
    def option(self) -> str:
        """The command-line option that gives it."""
        return "--" + self.field.replace("_", "-")


QUESTIONS = (
    Question("group", "OpenReview group of the workshop (e.g. ICML.cc/2026/Workshop/NAME)", _group),
    Question("name", "Name of the workshop", _line),
    Question("short_name", "Short name, shown in titles", _line, _short_name),
    Question("conference", "Conference it is part of", _line, _conference),
    Question("date", "Day of the workshop (YYYY-MM-DD)", _date),
    Question("timezone", "Time zone of the venue (IANA name, e.g. Europe/Paris)", _zone),
)


def gather(given: Mapping[str, str | None], ask: Ask | None) -> Answers:
    """The answers from the options, else from the terminal (``ask``), else the defaults.

    Without a terminal nothing is asked: a value with no option and no default is an error.
    """
    values: dict[str, str] = {}
    missing: list[str] = []
    for question in QUESTIONS:
        raw = given.get(question.field) or ""
        if raw.strip():
            try:
                values[question.field] = question.check(raw)
            except ValueError as err:
                raise InitError(f"{question.option}: {err}") from None
            continue
        default = question.default(values)
        if ask is not None:
            values[question.field] = _ask(ask, question, default)
        elif default:
            values[question.field] = question.check(default)
        else:
            missing.append(question.option)
    if missing:
        raise InitError(
            f"missing {', '.join(missing)}, and no terminal to ask at: e.g. fomoproc init DIR "
            "--group ICML.cc/2026/Workshop/NAME --name 'Workshop on ...' --date 2026-07-18 "
            "--timezone America/Vancouver"
        )
    return Answers(
        group=values["group"],
        name=values["name"],
        short_name=values["short_name"],
        conference=values["conference"],
        date=dt.date.fromisoformat(values["date"]),
        timezone=values["timezone"],
    )


def _ask(ask: Ask, question: Question, default: str) -> str:
    """Ask until the answer passes the question's check (or the default is taken)."""
    note = ""
    while True:
        shown = f" [{default}]" if default else ""
        try:
            reply = ask(f"{note}{question.prompt}{shown}: ").strip() or default
        except EOFError:
            raise InitError(f"no answer for {question.option}") from None
        if not reply:
            note = "An answer is needed. "
            continue
        try:
            return question.check(reply)
        except ValueError as err:
            message = str(err)
            note = f"{message[:1].upper()}{message[1:]}. "


def requirement(direct_url: str | None, version: str) -> tuple[str, ...]:
    """pip's arguments to install the fomoproc that PEP 610's ``direct_url.json`` describes:
    a folder (``-e`` when editable), an archive, a repository at its commit, else the
    package index's release of this version."""
    released = (f"fomoproc=={version}",)
    try:
        data = json.loads(direct_url or "")
        url = data["url"]
    except (ValueError, KeyError, TypeError):
        return released
    if not isinstance(url, str) or not url:
        return released
    vcs = data.get("vcs_info")
    if isinstance(vcs, dict):
        commit = vcs.get("commit_id") or ""
        return (f"fomoproc @ {vcs.get('vcs', 'git')}+{url}" + (f"@{commit}" if commit else ""),)
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = url2pathname(parts.path)
        editable = isinstance(data.get("dir_info"), dict) and data["dir_info"].get("editable")
        return ("-e", path) if editable else (path,)
    return (f"fomoproc @ {url}",)


def install_source() -> tuple[str, ...]:
    """pip's arguments to install the fomoproc that runs now, from where it came from."""
    try:
        distribution = importlib.metadata.distribution("fomoproc")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree, not installed
        return (f"fomoproc=={__version__}",)
    return requirement(distribution.read_text("direct_url.json"), distribution.version)


def _toml(**values: str | dt.date) -> str:
    # One `key = value` line each, as people write program files, quoted by tomli_w.
    return "".join(tomli_w.dumps({key: value}) for key, value in values.items()).rstrip("\n")


def _python_tuple(items: tuple[str, ...]) -> str:
    # A JSON string (ASCII, escaped) is a Python string literal too.
    quoted = [json.dumps(item) for item in items]
    return f"({quoted[0]},)" if len(quoted) == 1 else f"({', '.join(quoted)})"


def files(answers: Answers, install: tuple[str, ...]) -> dict[str, bytes]:
    """Every file of the new booklet, by path in its folder."""
    group_url = f"https://openreview.net/group?id={quote(answers.group, safe='/')}"
    workshop = _toml(
        short_name=answers.short_name,
        name=answers.name,
        conference=answers.conference,
        openreview_group=answers.group,
        date=answers.date,
        timezone=answers.timezone,
    )
    values = {
        "short_name": answers.short_name,
        "name": answers.name,
        "conference": answers.conference,
        "group": answers.group,
        "workshop_toml": workshop,
        "short_name_md": escape(answers.short_name),
        "name_md": escape(answers.name),
        "conference_md": escape(answers.conference),
        "day_md": escape(long_date(answers.date)),
        "openreview_md": link("OpenReview", group_url),
    }
    made: dict[str, bytes] = {EXPORT: EMPTY_EXPORT}
    for path in sorted(p for p in SKELETON.rglob("*") if p.is_file()):
        name = path.relative_to(SKELETON).as_posix()
        if "__pycache__" in name:
            continue
        name = RENAMED.get(name, name)
        data = path.read_bytes()
        if name in TEMPLATES:
            data = string.Template(data.decode("utf-8")).substitute(values).encode("utf-8")
        elif name == "noxfile.py":
            text = data.decode("utf-8")
            assert INSTALL_LINE in text  # the skeleton's own line, replaced
            line = f"FOMOPROC = {_python_tuple(install)}\n"
            data = text.replace(INSTALL_LINE, line).encode("utf-8")
        made[name] = data
    return dict(sorted(made.items()))


@dataclass(frozen=True, slots=True)
class Created:
    """The files written into the new booklet's folder, and an export kept as it was."""

    written: tuple[str, ...]
    kept: tuple[str, ...]


def check_folder(folder: Path, *, force: bool) -> None:
    """Refuse a folder a new booklet cannot go into: a file, or (unless ``force``) a folder
    that holds anything."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder}: not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InitError(
            f"{folder}: not empty: a new booklet goes into a new or empty folder "
            "(--force writes into this one, replacing files of the same names)"
        )


def create(folder: Path, made: Mapping[str, bytes], *, force: bool) -> Created:
    """Write the booklet's files into ``folder``: new or empty, or any folder with ``force``.

    An export already there is kept: it holds papers, and the empty one only stands in
    for it until the first fetch.
    """
    check_folder(folder, force=force)
    written: list[str] = []
    kept: list[str] = []
    for name, data in made.items():
        target = folder / name
        if name == EXPORT and target.exists():
            kept.append(name)
            continue
        try:
            write_if_changed(target, data)
        except OSError as err:
            raise InitError(f"{target}: cannot write: {err.strerror or err}") from None
        written.append(name)
    return Created(tuple(written), tuple(kept))
