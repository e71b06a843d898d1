"""Files on disk: the one walker of a folder and the one writer that touches only what changed.

Generation, the served citation and calendar files, the search summaries and publishing
all write through :func:`write_if_changed` and :func:`sync_folder`: a file whose bytes
are already there keeps its modification time (so Sphinx does not read it again, and a
rebuild of unchanged input changes nothing), and a file that is replaced is written
beside and renamed, so a reader sees the old file or the new one, never half of either.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path


def walk(folder: str | Path, *, skip: frozenset[str] = frozenset()) -> dict[str, os.DirEntry[str]]:
    """Every file under ``folder`` by relative POSIX path, sorted; folders named in ``skip``
    are not gone into, nor are links to folders.

    Directory entries, not paths: an entry knows whether it is a file and keeps its
    ``stat`` once read, and a site of thousands of files is listed at every rebuild.
    """
    found: dict[str, os.DirEntry[str]] = {}
    _walk(str(folder), "", skip, found)
    return dict(sorted(found.items()))


def _walk(
    folder: str, prefix: str, skip: frozenset[str], found: dict[str, os.DirEntry[str]]
) -> None:
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in skip:
                _walk(entry.path, f"{prefix}{entry.name}/", skip, found)
        elif entry.is_file():
            found[prefix + entry.name] = entry


def write_if_changed(path: Path, data: bytes) -> bool:
    """Give ``path`` these bytes unless it has them already; whether it was written.

    A file that exists is replaced by a rename, never rewritten in place: a reader (or a
    hard link made by publishing) keeps the old bytes until the new ones are whole.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
    return True


@dataclass(frozen=True, slots=True)
class Synced:
    """What :func:`sync_folder` changed, as paths relative to its folder."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    kept: tuple[str, ...] = ()  # files there that are not the caller's to remove


def sync_folder(target: Path, files: Mapping[str, bytes], *, keep: Collection[str] = ()) -> Synced:
    """Make ``target`` hold exactly these files (relative POSIX path and bytes): changed
    files written, others deleted (except those in ``keep``), folders left empty removed."""
    written = [
        name for name, data in sorted(files.items()) if write_if_changed(target / name, data)
    ]
    removed = remove_except(target, set(files) | set(keep))
    kept = tuple(sorted(name for name in keep if (target / name).is_file()))
    return Synced(tuple(written), removed, len(files) - len(written), kept)


def remove_except(target: Path, kept: Collection[str]) -> tuple[str, ...]:
    """Delete the files under ``target`` that are not ``kept``, then the folders left empty."""
    removed = tuple(name for name in walk(target) if name not in kept)
    for name in removed:
        (target / name).unlink()
    remove_empty_folders(target, {name.rpartition("/")[0] for name in removed})
    return removed


def remove_empty_folders(target: Path, folders: set[str]) -> None:
    """Remove these folders of ``target`` ("" is ``target`` itself, kept) and their parents,
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
