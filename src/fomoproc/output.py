"""Build outputs: a reproducible build date, and publishing a finished build safely.

Sphinx and LaTeX write into a work folder; only a build that finished is copied
to where readers look, file by file, and only the files whose bytes changed, so
a failed or interrupted build leaves the previous site and PDF as they were, and
an unchanged input changes no file's modification time.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: Sphinx's caches inside an output folder: never published.
PRIVATE = frozenset({".doctrees"})


def workshop_epoch(day: dt.date) -> int:
    """Midnight UTC of the workshop's day, as seconds since 1970: the booklet's date."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


@contextmanager
def source_date(default: int) -> Iterator[int]:
    """Set ``SOURCE_DATE_EPOCH`` (unless the user set it) for Sphinx, XeTeX and xdvipdfmx."""
    saved = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", "FORCE_SOURCE_DATE")}
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(default)
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    # XeTeX's \today and \time follow SOURCE_DATE_EPOCH only when forced.
    os.environ["FORCE_SOURCE_DATE"] = "1"
    try:
        yield int(epoch)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass(frozen=True, slots=True)
class Published:
    """What publishing changed, as paths relative to the target."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def publish_file(source: Path, target: Path) -> bool:
    """Copy one finished file to its place if its bytes changed; whether it was written."""
    origin = source.stat()
    if target.is_file():
        there = target.stat()
        if there.st_size == origin.st_size and (
            # A copy keeps its source's time: the same time means the same file, unread
            # (what keeps a no-change rebuild of thousands of pages quick).
            there.st_mtime_ns == origin.st_mtime_ns or target.read_bytes() == source.read_bytes()
        ):
            return False
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.copy2(source, partial)
    partial.replace(target)  # atomic: a reader sees the old file or the new one
    return True


def publish_tree(source: Path, target: Path) -> Published:
    """Make ``target`` hold exactly the files of ``source`` (Sphinx caches aside)."""
    wanted: set[str] = set()
    written: list[str] = []
    unchanged = 0
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if not path.is_file() or PRIVATE & set(relative.parts):
            continue
        wanted.add(relative.as_posix())
        if publish_file(path, target / relative):
            written.append(relative.as_posix())
        else:
            unchanged += 1
    return Published(tuple(written), _remove_others(target, wanted), unchanged)


def publish_files(files: Mapping[str, str | bytes], target: Path) -> Published:
    """Make ``target`` hold exactly these files: relative path and bytes (or text, as UTF-8)."""
    written: list[str] = []
    unchanged = 0
    folders: set[Path] = set()
    for name, text in sorted(files.items()):
        path, data = target / name, text.encode("utf-8") if isinstance(text, str) else text
        if path.is_file():
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                unchanged += 1
                continue
            partial = path.with_name(f".{path.name}.partial")
            partial.write_bytes(data)
            partial.replace(path)  # atomic: a reader sees the old file or the new one
        else:  # nobody reads a file that is not there yet: written in place
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            path.write_bytes(data)
        written.append(name)
    return Published(tuple(written), _remove_others(target, set(files)), unchanged)


def _remove_others(target: Path, wanted: set[str]) -> tuple[str, ...]:
    """Delete the files of ``target`` not wanted, then the folders left empty."""
    removed: list[str] = []
    for path in sorted(target.rglob("*"), reverse=True):
        name = path.relative_to(target).as_posix()
        if path.is_file() and name not in wanted:
            path.unlink()
            removed.append(name)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return tuple(sorted(removed))
