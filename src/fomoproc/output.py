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
from collections.abc import Iterator, Mapping, Sequence
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
    try:
        there = target.stat()
    except FileNotFoundError:
        there = None
    if there is not None and _same(source, source.stat(), target, there):
        return False
    _copy(source, target)
    return True


def _same(
    source: str | Path, origin: os.stat_result, target: str | Path, there: os.stat_result
) -> bool:
    # A copy keeps its source's time: the same size and time mean the same file, unread
    # (what keeps a no-change rebuild of thousands of pages quick).
    return there.st_size == origin.st_size and (
        there.st_mtime_ns == origin.st_mtime_ns
        or Path(target).read_bytes() == Path(source).read_bytes()
    )


def _copy(source: Path, target: Path, *, link: bool = False) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    if link:
        partial.unlink(missing_ok=True)  # a link cannot be made over a crash's leftover
    _place(source, source.stat(), partial, link=link)
    partial.replace(target)  # atomic: a reader sees the old file or the new one


def _place(source: str | Path, origin: os.stat_result, target: str | Path, *, link: bool) -> None:
    """The source at ``target``, a path nobody reads yet: a hard link where asked and the
    file system allows, else its bytes and modification time (what _same compares; not
    copy2's permission bits and extended attributes, more system calls for each of 20,000
    files)."""
    if link:
        try:
            os.link(source, target)
        except OSError:
            pass  # another file system, or one without links: copied
        else:
            return
    shutil.copyfile(source, target)
    os.utime(target, ns=(origin.st_atime_ns, origin.st_mtime_ns))


def files_under(folder: Path) -> list[str]:
    """Every file under ``folder`` (Sphinx's caches aside), as sorted relative POSIX paths."""
    return sorted(_tree(str(folder)))


def _tree(folder: str, prefix: str = "") -> dict[str, os.DirEntry[str]]:
    """The files under ``folder`` by relative path, as os.scandir gives them.

    Not Path.rglob, Path objects and stat calls per file: at 5,000 papers a site is
    20,000 files, listed twice at every rebuild, and at 1,000 papers that took a second
    of a no-change rebuild. A directory entry knows whether it is a file, and keeps its
    stat once read.
    """
    found: dict[str, os.DirEntry[str]] = {}
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return found
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in PRIVATE:
                found.update(_tree(entry.path, f"{prefix}{entry.name}/"))
        elif entry.is_file():
            found[prefix + entry.name] = entry
    return found


def publish_tree(source: Path, target: Path, *, linked: Sequence[str] = ()) -> Published:
    """Make ``target`` hold exactly the files of ``source`` (Sphinx caches aside).

    Files in the ``linked`` folders (relative paths) become hard links to the source's
    where the file system allows: only for folders whose files are always replaced, never
    rewritten in place (Sphinx truncates its pages and rewrites them; a link would change
    the published page in the middle of the next build). The served citation files are
    such: 15,000 at 5,000 papers, linked five times faster than copied.
    """
    wanted, there = _tree(str(source)), _tree(str(target))
    prefixes = tuple(f"{folder}/" for folder in linked)
    written = []
    folders: set[str] = set()
    for name in sorted(wanted):
        entry, copy = wanted[name], there.get(name)
        link = bool(prefixes) and name.startswith(prefixes)
        if copy is None:
            # Nobody reads a file that is not there yet: written in place, its folder made
            # once (a first publish of 5,000 papers is 20,000 new files).
            folder = name.rpartition("/")[0]
            if folder not in folders:
                (target / folder).mkdir(parents=True, exist_ok=True)
                folders.add(folder)
            _place(entry.path, entry.stat(), target / name, link=link)
        elif not _same(entry.path, entry.stat(), copy.path, copy.stat()):
            _copy(source / name, target / name, link=link)
        else:
            continue
        written.append(name)
    removed = sorted(name for name in there if name not in wanted)
    for name in removed:
        (target / name).unlink()
    _remove_empty_folders(target, {name.rpartition("/")[0] for name in removed})
    return Published(tuple(written), tuple(removed), len(wanted) - len(written))


def publish_files(files: Mapping[str, str | bytes], target: Path) -> Published:
    """Make ``target`` hold exactly these files: relative path and bytes (or text, as UTF-8).

    A changed file is replaced, never rewritten in place: :func:`publish_tree` may publish
    these files as hard links.
    """
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
    removed = sorted(name for name in _tree(str(target)) if name not in wanted)
    for name in removed:
        (target / name).unlink()
    _remove_empty_folders(target, {name.rpartition("/")[0] for name in removed})
    return tuple(removed)


def _remove_empty_folders(target: Path, folders: set[str]) -> None:
    """Remove these folders of ``target`` ("" is target itself, kept) and their parents,
    deepest first, where they are left empty."""
    todo = set()
    for folder in folders:
        parent = folder
        while parent:
            todo.add(parent)
            parent = parent.rpartition("/")[0]
    for folder in sorted(todo, key=lambda name: name.count("/"), reverse=True):
        path = target / folder
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
