"""Reading an input file's bytes into JSON values or CSV rows; unusable files raise InputError."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import orjson

from fomoproc.errors import InputError


def read_bytes(path: Path) -> bytes:
    """The file's bytes."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not an export file") from None
    except OSError as err:
        raise InputError(str(path), f"cannot read it: {err.strerror or err}") from None


def decode(path: Path, data: bytes) -> str:
    """A file's bytes as text (UTF-8, a byte-order mark dropped, line ends made "\n")."""
    try:
        # Decoded whole, not through a text stream: three times faster on a 16 MB export.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(str(path), f"not UTF-8 text (byte {err.start})") from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_text(path: Path) -> str:
    """The file as text (see :func:`decode`)."""
    return decode(path, read_bytes(path))


def load_json(path: Path, text: str | None = None, *, data: bytes | None = None) -> Any:
    """A JSON document, or the list of values of a JSON Lines file; from the file's ``data``
    or its ``text`` when given."""
    if data is not None:
        try:
            # Straight from the bytes, in half the time of decoding them and json.loads.
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass  # a byte-order mark, NaN, JSON Lines or an error: read as before, below
    raw = text if text is not None else read_text(path) if data is None else decode(path, data)
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        lines = [line for line in raw.splitlines() if line.strip()]
        if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
            raise InputError(str(path), f"not JSON: {err.msg} at line {err.lineno}") from None
    values = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            values.append(json.loads(line))
        except json.JSONDecodeError as err:
            raise InputError(str(path), f"line {number} is not JSON: {err.msg}") from None
    return values


def load_csv(path: Path, text: str | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """The header (names trimmed, lower case) and the rows of a CSV file."""
    raw = read_text(path) if text is None else text
    try:
        reader = csv.reader(io.StringIO(raw, newline=""), strict=True)
        rows = list(reader)
    except csv.Error as err:
        raise InputError(str(path), f"not a readable CSV file: {err}") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise InputError(str(path), "an empty CSV file: no header row")
    header = [name.strip().casefold() for name in rows[0]]
    return header, [dict(zip(header, row, strict=False)) for row in rows[1:]]
