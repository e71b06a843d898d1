"""How a citation format joins its one-paper files into the volume's file.

Each paper's file is a head, its item and a tail (a CSL-JSON array's brackets around
its one item; nothing around a BibTeX entry or a RIS record); the volume's file is the
head, the items with a separator between, and the tail. So every paper's file is also
a piece of the volume's, cut out by its span there: the served files of thousands of
papers are generated as those spans, not as a second copy of the volume.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple


class Joint(NamedTuple):
    """One format's joining of files, encoded as UTF-8 (see the module). Bytes, not text:
    the volume is joined from pieces made in other processes, and text with one character
    beyond U+FFFF takes four bytes a character."""

    separator: bytes
    head: bytes = b""
    tail: bytes = b""
    empty: bytes = b""  # what joining no file gives

    def item(self, file: bytes) -> bytes:
        """The item of a file of one or more papers: its head and tail left out."""
        return file[len(self.head) : len(file) - len(self.tail)]

    def join(self, files: Sequence[bytes]) -> bytes:
        """These files as one. A join of joined files is the join of all of theirs."""
        if not files:
            return self.empty
        return self.head + self.items(files) + self.tail

    def items(self, files: Sequence[bytes]) -> bytes:
        """These files' items with the separator between: their join without its head and
        tail, the piece of the volume's file that they are."""
        if not self.head and not self.tail:
            return self.separator.join(files)
        return self.separator.join(map(self.item, files))

    def spans(self, lengths: Iterable[int]) -> Iterator[tuple[int, int]]:
        """Where each item lies in the join, as (start, stop) byte offsets, given the
        items' lengths in joining order."""
        start = len(self.head)
        for length in lengths:
            yield start, start + length
            start += length + len(self.separator)
