"""Served files: the citation and calendar files the site offers as they are.

They are generated into the served folders of the Sphinx source, and the extension
writes them into the site, at the same paths, at the end of an HTML build. At 5,000
papers that would be 15,000 citation files (BibTeX, CSL-JSON and RIS for each paper):
three times the files a generation creates otherwise, and on a disk still busy with
files deleted moments before, creating 20,000 files took up to 3 s where 5,000 took
0.06 s. So the papers' own citation files are generated as one bundle beside their
folder, ``papers/bib.served.json``: a JSON object of file name and its parts, one file
per line. A part is text, or ``[name, start, stop]``: those bytes of a file of the
folder. Each paper's citation is a piece of the volume's file (the volume's files are
the papers' joined), so the bundle names where, and holds no second copy of 20 MB of
citations. A served folder's files in the site are its own and those of its bundle.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import orjson

#: The folders of the site whose files are served as they are (none is a page).
SERVED = ("papers/bib", "program/calendar")

#: What follows a folder's path in its bundle's name.
SUFFIX = ".served.json"


class Piece(NamedTuple):
    """Bytes ``start`` to ``stop`` of the file ``name`` of the served folder."""

    name: str
    start: int
    stop: int


#: A part of a bundled file: its text, or a piece of a file of the folder.
Part = str | Piece


class BundleError(ValueError):
    """A bundle that is not what generation writes."""


def bundle_of(folder: str) -> str:
    """The bundle's path, relative to the source folder as ``folder`` is."""
    return folder + SUFFIX


def members(files: Mapping[str, str | Sequence[Part]], folder: str) -> bytes:
    """The bundle lines of the files in ``folder`` (paths relative to the source folder),
    each its text or its parts, as one part of a bundle, encoded: b"" when there are none."""
    prefix = f"{folder}/"
    return b",\n".join(
        orjson.dumps(path.removeprefix(prefix))
        + b": "
        + orjson.dumps([parts] if isinstance(parts, str) else [_listed(part) for part in parts])
        for path, parts in files.items()
        if path.startswith(prefix)
    )


def _listed(part: Part) -> str | list[str | int]:
    return part if isinstance(part, str) else list(part)  # orjson writes no named tuple


def bundle(parts: Iterable[bytes]) -> bytes:
    """The bundle of these :func:`members` parts, in their order: a UTF-8 file."""
    return b"{\n" + b",\n".join(part for part in parts if part) + b"\n}\n"


def read(path: Path, own: Mapping[str, bytes]) -> dict[str, bytes]:
    """A bundle's files: name (relative to its folder) and bytes, made of their parts;
    ``own`` are the files of the folder itself, by name, which the pieces are cut from."""
    try:
        files = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BundleError(f"{path}: not a bundle of served files ({err})") from None
    if not isinstance(files, dict) or not all(
        isinstance(parts, list) and _safe_name(name) for name, parts in files.items()
    ):
        raise BundleError(f"{path}: not a bundle of served files (names and parts expected)")
    return {
        name: b"".join(_part(path, name, part, own) for part in parts)
        for name, parts in files.items()
    }


def _part(path: Path, name: str, part: Any, own: Mapping[str, bytes]) -> bytes:
    if isinstance(part, str):
        return part.encode()
    if (
        isinstance(part, list)
        and len(part) == 3
        and isinstance(part[0], str)
        and all(type(offset) is int for offset in part[1:])
    ):
        source, start, stop = part
        data = own.get(source)
        if data is not None and 0 <= start <= stop <= len(data):
            return data[start:stop]
        raise BundleError(
            f"{path}: {name}: bytes {start} to {stop} of {source!r}, which "
            + ("the folder does not have" if data is None else f"has {len(data)} bytes")
        )
    raise BundleError(f"{path}: {name}: not a part of a served file: {part!r}")


def _safe_name(name: str) -> bool:
    """A relative path with no way out of its folder."""
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and not {"", ".", ".."} & set(parts)
