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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fomoproc.disk import remove_except, walk

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
    if target.is_file() and _same(source, target):
        return False
    _place(source, target, link=False)
    return True


def publish_tree(source: Path, target: Path, *, linked: Sequence[str] = ()) -> Published:
    """Make ``target`` hold exactly the files of ``source`` (Sphinx's caches aside).

    Files in the ``linked`` folders (relative paths) become hard links to the source's
    where the file system allows: only for folders whose files are always replaced, never
    rewritten in place (Sphinx truncates its pages and rewrites them; a link would change
    the published page in the middle of the next build). The served citation and
    calendar files are such (:func:`fomoproc.disk.write_if_changed`).
    """
    wanted, there = walk(source, skip=PRIVATE), walk(target, skip=PRIVATE)
    prefixes = tuple(f"{folder}/" for folder in linked)
    written = []
    for name, entry in wanted.items():
        copy = there.get(name)
        if copy is not None and _same(Path(entry.path), Path(copy.path)):
            continue
        _place(Path(entry.path), target / name, link=bool(prefixes) and name.startswith(prefixes))
        written.append(name)
    removed = remove_except(target, set(wanted)) if there else ()
    return Published(tuple(written), removed, len(wanted) - len(written))


def _same(source: Path, target: Path) -> bool:
    # A copy keeps its source's time: the same size and time mean the same file, unread
    # (what keeps a no-change rebuild of thousands of pages quick).
    origin, there = source.stat(), target.stat()
    return there.st_size == origin.st_size and (
        there.st_mtime_ns == origin.st_mtime_ns or target.read_bytes() == source.read_bytes()
    )


def _place(source: Path, target: Path, *, link: bool) -> None:
    """The source at ``target``, whole at once: a hard link where asked and the file system
    allows, else a copy of its bytes and modification time (what :func:`_same` compares),
    written beside the target and renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)  # a link cannot be made over a crash's leftover
    if not (link and _linked(source, partial)):
        shutil.copyfile(source, partial)
        status = source.stat()
        os.utime(partial, ns=(status.st_atime_ns, status.st_mtime_ns))
    partial.replace(target)  # atomic: a reader sees the old file or the new one


def _linked(source: Path, link: Path) -> bool:
    try:
        os.link(source, link)
    except OSError:  # another file system, or one without hard links: copied instead
        return False
    return True
