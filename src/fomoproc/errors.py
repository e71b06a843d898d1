"""The one exception type for input a user must fix; the CLI turns it into one line."""

from __future__ import annotations


class InputError(Exception):
    """An input file cannot be used at all (unreadable, unknown format, invalid program)."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message
