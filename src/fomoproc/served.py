"""Served files: the citation and calendar files the site offers as they are.

They are generated into the served folders of the Sphinx source, and the extension
writes them into the site, at the same paths, at the end of an HTML build. At 5,000
papers that would be 15,000 citation files (BibTeX, CSL-JSON and RIS for each paper):
three times the files a generation creates otherwise, and on a disk still busy with
files deleted moments before, creating 20,000 files took up to 3 s where 5,000 took
0.06 s. So the papers' own citation files are generated as one bundle beside their
folder, ``papers/bib.served.json``: a JSON object of file name and text, one file per
line. A served folder's files in the site are its own and those of its bundle.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

#: The folders of the site whose files are served as they are (none is a page).
SERVED = ("papers/bib", "program/calendar")

#: What follows a folder's path in its bundle's name.
SUFFIX = ".served.json"


class BundleError(ValueError):
    """A bundle that is not what generation writes."""


def bundle_of(folder: str) -> str:
    """The bundle's path, relative to the source folder as ``folder`` is."""
    return folder + SUFFIX


def members(files: Mapping[str, str], folder: str) -> bytes:
    """The bundle lines of the files in ``folder`` (paths relative to the source folder),
    as one part of a bundle, encoded: b"" when there are none."""
    prefix = f"{folder}/"
    # Joined and encoded by whoever made the files (generation's workers each their own):
    # joined as text, thousands of lines with one character beyond U+FFFF among them
    # would take four bytes a character.
    return b",\n".join(
        f"{json.dumps(path.removeprefix(prefix))}: {_TEXT.encode(text)}".encode()
        for path, text in files.items()
        if path.startswith(prefix)
    )


_TEXT = json.JSONEncoder(ensure_ascii=False)  # json.dumps makes one per call


def bundle(parts: Iterable[bytes]) -> bytes:
    """The bundle of these :func:`members` parts, in their order: a UTF-8 file."""
    return b"{\n" + b",\n".join(part for part in parts if part) + b"\n}\n"


def read(path: Path) -> dict[str, str]:
    """A bundle's files: name (relative to its folder) and text."""
    try:
        files = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BundleError(f"{path}: not a bundle of served files ({err})") from None
    if not isinstance(files, dict) or not all(
        isinstance(text, str) and _safe_name(name) for name, text in files.items()
    ):
        raise BundleError(f"{path}: not a bundle of served files (names and texts expected)")
    return files


def _safe_name(name: str) -> bool:
    """A relative path with no way out of its folder."""
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and not {"", ".", ".."} & set(parts)
