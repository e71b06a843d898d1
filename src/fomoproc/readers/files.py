"""Reading an input file's bytes into JSON values or CSV rows; unusable files raise InputError."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import orjson

from fomoproc.errors import InputError

#: What a reader says of a file nested deeper than Python parses (JSON, TOML, YAML).
NESTED = "nested too deeply to read (lists or tables inside each other, hundreds deep)"


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
        except orjson.JSONDecodeError as err:
            if err.msg.startswith("depth limit"):
                where = f"line {err.lineno}, column {err.colno}"
                raise InputError(str(path), f"{NESTED}: at {where}") from None
            # A byte-order mark, NaN, JSON Lines or an error: read as before, below.
    raw = text if text is not None else read_text(path) if data is None else decode(path, data)
    try:
        return _json(path, raw)
    except json.JSONDecodeError as err:
        if not _json_lines(raw):
            raise InputError(str(path), f"not JSON: {_where(raw, err)}") from None
    values = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            values.append(_json(path, line))
        except json.JSONDecodeError as err:
            raise InputError(str(path), f"line {number} is not JSON: {err.msg}") from None
    return values


def _json(path: Path, text: str) -> Any:
    """``json.loads``, with what it raises besides syntax errors as one InputError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(str(path), NESTED) from None
    except ValueError as err:
        if isinstance(err, json.JSONDecodeError):
            raise
        raise InputError(str(path), f"not usable JSON: {_long_number(text)}") from None


def _long_number(text: str) -> str:
    """Where the whole number is that Python refuses to read (too many digits), and its key."""
    limit = sys.get_int_max_str_digits()
    found = re.search(rf"\d{{{limit + 1},}}", text)
    if found is None:
        return f"a number of more than {limit:,} digits"
    line = text.count("\n", 0, found.start()) + 1
    start = text.rfind("\n", 0, found.start()) + 1
    key = re.search(r'"?([\w.-]+)"?\s*[=:]\s*-?$', text[start : found.start()])
    field = f", {key.group(1)}" if key else ""
    digits = found.end() - found.start()
    return f"line {line}{field}: a number of {digits:,} digits (Python reads at most {limit:,})"


def _json_lines(raw: str) -> bool:
    """Whether text that is not one JSON document is JSON Lines: several lines, the
    first a JSON object of its own."""
    lines = [line for line in raw.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        return False
    try:
        json.loads(lines[0])
    except (ValueError, RecursionError):
        return False
    return True


def _where(raw: str, err: json.JSONDecodeError) -> str:
    """The error and where it is; for a file cut short, where the file ends."""
    content = raw.rstrip()
    if err.pos >= len(content) or err.msg.startswith("Unterminated string"):
        line = content.count("\n") + 1
        column = len(content) - content.rfind("\n")
        return (
            f"the file ends in the middle of the data, at line {line}, column {column}: "
            "is it cut short?"
        )
    return f"{err.msg} at line {err.lineno}, column {err.colno}"


def load_toml(path: Path, what: str = "it") -> dict[str, Any]:
    """A TOML file's tables; any way it cannot be read is one InputError naming ``what``."""
    try:
        text = decode(path, path.read_bytes())
    except OSError as err:
        raise InputError(str(path), f"cannot read {what}: {err.strerror or err}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(str(path), f"not valid TOML: {err}") from None
    except RecursionError:
        raise InputError(str(path), NESTED) from None
    except ValueError:
        raise InputError(str(path), f"not usable TOML: {_long_number(text)}") from None


def load_csv(path: Path, text: str | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """The header (names trimmed, lower case) and the rows of a CSV file."""
    raw = read_text(path) if text is None else text
    limit = csv.field_size_limit()
    try:
        # The csv module refuses cells longer than its limit (128 KiB); a cell cannot be
        # longer than the file. The readers cut long cells and say so. (Put back after:
        # the limit is the process's.)
        csv.field_size_limit(max(limit, len(raw)))
        rows = list(csv.reader(io.StringIO(raw, newline=""), strict=True))
    except csv.Error as err:
        raise InputError(str(path), f"not a readable CSV file: {err}") from None
    finally:
        csv.field_size_limit(limit)
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise InputError(str(path), "an empty CSV file: no header row")
    header = [name.strip().casefold() for name in rows[0]]
    return header, [dict(zip(header, row, strict=False)) for row in rows[1:]]
