"""Joining the export and the program: booklet order and who presents when. Pure functions."""

from __future__ import annotations

from fomoproc.model import (
    KIND_ORDER,
    Booklet,
    Export,
    Kind,
    Paper,
    Problem,
    Program,
    Severity,
    Slot,
    SlotKind,
)
from fomoproc.text import plain, title_key

# Slots every paper of a kind presents in, besides a slot that names it.
_SHARED_SLOTS = {
    Kind.ORAL: (SlotKind.POSTER_SESSION,),
    Kind.SPOTLIGHT: (SlotKind.SPOTLIGHT_SESSION, SlotKind.POSTER_SESSION),
    Kind.POSTER: (SlotKind.POSTER_SESSION,),
}


def assemble(export: Export, program: Program) -> Booklet:
    """The booklet: papers in reading order, linked to the slots where they are presented."""
    by_id = {paper.id: paper for paper in export.papers}
    by_title: dict[str, list[Paper]] = {}
    for paper in export.papers:
        by_title.setdefault(title_key(paper.title), []).append(paper)
    problems: list[Problem] = []
    paper_by_slot: dict[int, str] = {}
    for index, slot in enumerate(program.schedule):
        found = _paper_for_slot(
            slot, index, by_id=by_id, by_title=by_title, source=program.source, problems=problems
        )
        if found is not None:
            paper_by_slot[index] = found.id
    named: dict[str, list[Slot]] = {}
    for index, forum in paper_by_slot.items():
        named.setdefault(forum, []).append(program.schedule[index])
    slots_by_paper = {}
    for paper in export.papers:
        shared = [s for s in program.schedule if s.kind in _SHARED_SLOTS[paper.kind]]
        slots = sorted({*named.get(paper.id, []), *shared}, key=lambda s: s.start)
        if slots:
            slots_by_paper[paper.id] = tuple(slots)

    def order(paper: Paper) -> tuple[int, str, str, str]:
        first_named = min((s.start.isoformat() for s in named.get(paper.id, [])), default="~")
        return (KIND_ORDER.index(paper.kind), first_named, plain(paper.title).casefold(), paper.id)

    return Booklet(
        program=program,
        papers=tuple(sorted(export.papers, key=order)),
        slots_by_paper=slots_by_paper,
        paper_by_slot=paper_by_slot,
        problems=tuple(problems),
    )


def _paper_for_slot(
    slot: Slot,
    index: int,
    *,
    by_id: dict[str, Paper],
    by_title: dict[str, list[Paper]],
    source: str,
    problems: list[Problem],
) -> Paper | None:
    def report(message: str) -> None:
        problems.append(
            Problem(
                file=source,
                paper=slot.paper,
                field=f"schedule[{index}].paper",
                severity=Severity.WARNING,
                message=message,
            )
        )

    if slot.paper:
        if slot.paper in by_id:
            return by_id[slot.paper]
        report(
            f"{slot.title or slot.kind.label!r} names paper {slot.paper}, which is not an "
            "accepted paper of the export: shown without a link"
        )
        return None
    if slot.kind is not SlotKind.ORAL:
        return None
    matches = by_title.get(title_key(slot.title), [])
    if len(matches) == 1:
        return matches[0]
    report(
        f"oral {slot.title!r} has no paper id and "
        f"{'matches several' if matches else 'matches no'} accepted paper by title: "
        "shown without a link"
    )
    return None
