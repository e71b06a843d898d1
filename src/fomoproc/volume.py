"""The volume's citation files, written in place by every process that renders papers.

Generation splits the papers in contiguous runs, one per process (:mod:`fomoproc.pipeline`).
Each run's citations, joined, are a piece of each volume file (:mod:`fomoproc.writers.joint`)
that starts where the runs before it end: a run gives the length of its pieces as soon as it
has rendered them, and writes them at their place once the runs before it have given theirs.
So no process joins and writes the whole volume after all of them have finished: at 5,000
papers that was 22 MB written while the other core waited, a tenth of the generation.

The pieces go into a partial file beside each volume file, which replaces the file at the
end only where its bytes changed (a rebuild leaves an unchanged file as it was).
"""

from __future__ import annotations

import filecmp
import os
from collections.abc import Sequence
from multiprocessing.context import ForkContext
from pathlib import Path

from fomoproc.writers.joint import Joint

#: A run with no paper has no piece in any volume file.
_NO_PAPER = -1


class VolumeFiles:
    """The volume files of one format each (``<folder>/volume<suffix>``, relative to
    ``srcdir``), written by ``runs`` runs of papers in order, in this process and in
    processes forked from it."""

    def __init__(
        self,
        srcdir: Path,
        folder: str,
        formats: Sequence[tuple[str, Joint]],
        runs: int,
        context: ForkContext,
    ) -> None:
        self.relative = [f"{folder}/volume{suffix}" for suffix, _ in formats]
        self.joints = [joint for _, joint in formats]
        self.runs = runs
        self.targets = [srcdir / relative for relative in self.relative]
        self.partials = [target.with_name(f".{target.name}.partial") for target in self.targets]
        (srcdir / folder).mkdir(parents=True, exist_ok=True)
        for partial in self.partials:
            partial.write_bytes(b"")
        # Each run's piece length in each file, shared with the forked processes.
        self._lengths = context.Array("q", runs * len(formats), lock=False)
        self._given = [context.Event() for _ in range(runs)]

    def give(self, run: int, pieces: Sequence[bytes] | None) -> None:
        """Give the lengths of a run's pieces (its items joined, one per format; None: the
        run has no paper), which the runs after it wait for. Every run gives, even one that
        failed, or the runs after it would wait for ever."""
        count = len(self.joints)
        for number in range(count):
            length = _NO_PAPER if pieces is None else len(pieces[number])
            self._lengths[run * count + number] = length
        self._given[run].set()

    def write(self, run: int, pieces: Sequence[bytes]) -> list[int]:
        """Write a run's pieces at their places, once the runs before it have given theirs;
        where each starts in its file.

        The runs' pieces join as their papers' items do, so the format's spans place them.
        """
        for earlier in range(run):
            self._given[earlier].wait()
        starts = []
        for number, (joint, partial) in enumerate(zip(self.joints, self.partials, strict=True)):
            before = self._lengths_of(number, range(run))
            *_, (start, _) = joint.spans([*before, len(pieces[number])])
            if before:  # with the separator after the piece before
                _write_at(partial, joint.separator + pieces[number], start - len(joint.separator))
            else:
                _write_at(partial, pieces[number], start)
            starts.append(start)
        return starts

    def finish(self, existing: dict[str, int]) -> tuple[list[str], int]:
        """Every run has written: each file's head and tail written, and the file put in
        place where it changed. (Relative names of the files written; files unchanged.)"""
        written, unchanged = [], 0
        for number, (joint, partial, target) in enumerate(
            zip(self.joints, self.partials, self.targets, strict=True)
        ):
            lengths = self._lengths_of(number, range(self.runs))
            if not lengths:
                partial.write_bytes(joint.empty)
            else:
                *_, (_, end) = joint.spans(lengths)
                _write_at(partial, joint.head, 0)
                _write_at(partial, joint.tail, end)
            if self.relative[number] in existing and filecmp.cmp(partial, target, shallow=False):
                partial.unlink()
                unchanged += 1
            else:
                partial.replace(target)
                written.append(self.relative[number])
        return written, unchanged

    def discard(self) -> None:
        """Remove the partial files (generation failed)."""
        for partial in self.partials:
            partial.unlink(missing_ok=True)

    def _lengths_of(self, number: int, runs: range) -> list[int]:
        count = len(self.joints)
        lengths = (self._lengths[run * count + number] for run in runs)
        return [length for length in lengths if length != _NO_PAPER]


def _write_at(path: Path, data: bytes, position: int) -> None:
    if not data:
        return
    descriptor = os.open(path, os.O_WRONLY)
    try:
        write_at(descriptor, data, position)
    finally:
        os.close(descriptor)


def write_at(descriptor: int, data: bytes, position: int) -> None:
    """All of ``data`` into an open file from ``position`` (one call may write part of it)."""
    view = memoryview(data)
    while view:
        done = os.pwrite(descriptor, view, position)
        view, position = view[done:], position + done
