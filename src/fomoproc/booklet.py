"""Joining the export and the program: booklet order, and who presents when and where.

Pure functions. Each talk of the program names its paper (``paper = "id"``, or an oral's
title matching an accepted paper's). Each spotlight or poster session gets its papers:
those the program lists for it (``papers = [...]``), those whose ``session`` (from the
overrides or the export) names it, and, where the program has one session of that kind,
every other paper of the kind (every spotlight in the spotlight session, every accepted
paper in the poster session). A poster's board comes from the overrides, the program's
``boards`` table, or is numbered by paper number when the session says ``boards = "auto"``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from fomoproc.model import (
    KIND_ORDER,
    Booklet,
    Export,
    Kind,
    Paper,
    Presentation,
    Problem,
    Program,
    Severity,
    Slot,
    SlotKind,
)
from fomoproc.text import clean_line, plain, title_key

#: The kinds of paper a session of each kind presents.
SESSION_PAPERS = {
    SlotKind.SPOTLIGHT_SESSION: frozenset({Kind.SPOTLIGHT}),
    SlotKind.POSTER_SESSION: frozenset(Kind),
}
#: File names generation uses beside the papers' own: their pages and citation files must
#: not take them (compared without case, as some file systems do).
RESERVED_STEMS = frozenset({"index", "authors", "keywords", "volume", "bib"})

Report = Callable[[str, str, str], None]  # paper, field, message: a warning of the program


def assemble(export: Export, program: Program) -> Booklet:
    """The booklet: papers in reading order, each session with its papers, each paper with
    its presentations and its file name."""
    problems: list[Problem] = []

    def report(paper: str, field: str, message: str) -> None:
        problems.append(
            Problem(
                file=program.source,
                paper=paper,
                field=field,
                severity=Severity.WARNING,
                message=message,
            )
        )

    by_id = {paper.id: paper for paper in export.papers}
    talks = _talks(program, export.papers, report)
    members = _members(program, export.papers, report)
    own = _own_slots(program, talks, members)
    papers = tuple(sorted(export.papers, key=lambda p: _order(p, own.get(p.id, []))))
    rank = {paper.id: number for number, paper in enumerate(papers)}
    boards = _boards(program, members, by_id, report)
    sessions: dict[int, tuple[str, ...]] = {index: (forum,) for index, forum in talks.items()}
    for index, forums in members.items():
        sessions[index] = _in_order(program.schedule[index], index, forums, boards, rank)
    presentations: dict[str, list[Presentation]] = {}
    for index in sorted(sessions, key=lambda i: (program.schedule[i].start, i)):
        for forum in sessions[index]:
            board = boards.get((index, forum), "")
            presentations.setdefault(forum, []).append(Presentation(slot=index, board=board))
    _report_unpresented(program, papers, presentations, report)
    return Booklet(
        program=program,
        papers=papers,
        sessions=dict(sorted(sessions.items())),
        presentations={forum: tuple(found) for forum, found in presentations.items()},
        stems=stems(papers),
        problems=tuple(problems),
    )


def _talks(program: Program, papers: tuple[Paper, ...], report: Report) -> dict[int, str]:
    """The paper of each talk that names one: by forum id, or an oral's by its title."""
    by_id = {paper.id: paper for paper in papers}
    by_title: dict[str, list[Paper]] = {}
    for paper in papers:
        by_title.setdefault(title_key(paper.title), []).append(paper)
    talks: dict[int, str] = {}
    for index, slot in enumerate(program.schedule):
        if slot.kind in SESSION_PAPERS:
            continue
        field = f"schedule[{index}].paper"
        if slot.paper:
            if slot.paper in by_id:
                talks[index] = slot.paper
            else:
                report(
                    slot.paper,
                    field,
                    f"{slot.title or slot.kind.label!r} names paper {slot.paper}, which is not "
                    "an accepted paper of the export: shown without a link",
                )
            continue
        if slot.kind is not SlotKind.ORAL:
            continue
        matches = by_title.get(title_key(slot.title), [])
        if len(matches) == 1:
            talks[index] = matches[0].id
        else:
            found = "matches several" if matches else "matches no"
            report(
                "",
                field,
                f"oral {slot.title!r} has no paper id and {found} accepted paper by title: "
                "shown without a link",
            )
    return talks


def _session_key(name: str) -> str:
    return clean_line(name).casefold()


def _members(program: Program, papers: tuple[Paper, ...], report: Report) -> dict[int, list[str]]:
    """The papers of each spotlight and poster session, in no particular order yet."""
    schedule = program.schedule
    members: dict[int, list[str]] = {}
    known = {paper.id for paper in papers}
    by_name: dict[str, list[int]] = {}
    for index, slot in enumerate(schedule):
        if slot.kind not in SESSION_PAPERS:
            continue
        members[index] = []
        for name in {slot.session, slot.title} - {""}:
            by_name.setdefault(_session_key(name), []).append(index)
        for forum in slot.papers:
            if forum in known:
                members[index].append(forum)
            else:
                report(
                    forum,
                    f"schedule[{index}].papers",
                    f"{slot.name!r} lists paper {forum}, which is not an accepted paper of the "
                    "export: left out",
                )
    for paper in papers:
        if not paper.session:
            continue
        named = [
            index
            for index in by_name.get(_session_key(paper.session), [])
            if paper.kind in SESSION_PAPERS[schedule[index].kind]
        ]
        if not named:
            report(
                paper.label,
                "session",
                f"the paper's session {paper.session!r} (overrides or export) is no spotlight "
                "or poster session of the program that it can be in",
            )
        for index in named:
            if paper.id not in members[index]:
                members[index].append(paper.id)
    for kind, eligible in SESSION_PAPERS.items():
        of_kind = [index for index in members if schedule[index].kind is kind]
        if len(of_kind) != 1 or schedule[of_kind[0]].papers:
            continue  # the program says which papers, or which session, or there is none
        (index,) = of_kind
        assigned = {forum for i in of_kind for forum in members[i]}
        members[index].extend(p.id for p in papers if p.kind in eligible and p.id not in assigned)
    return members


def _own_slots(
    program: Program, talks: dict[int, str], members: dict[int, list[str]]
) -> dict[str, list[tuple[str, int]]]:
    """Where each paper is presented for its own kind (a talk, a spotlight session), as
    (start, place) to order the booklet by: a session's listed papers in list order."""
    own: dict[str, list[tuple[str, int]]] = {}
    for index, forum in talks.items():
        own.setdefault(forum, []).append((program.schedule[index].start.isoformat(), 0))
    for index, forums in members.items():
        slot = program.schedule[index]
        if slot.kind is not SlotKind.SPOTLIGHT_SESSION:
            continue
        listed = {forum: number for number, forum in enumerate(slot.papers)}
        for forum in forums:
            place = listed.get(forum, len(listed))
            own.setdefault(forum, []).append((slot.start.isoformat(), place))
    return own


def _order(paper: Paper, own: list[tuple[str, int]]) -> tuple[int, tuple[str, int], str, str]:
    """Booklet order: by kind, then by where the paper is presented, then by title."""
    first = min(own, default=("~", 0))
    return (KIND_ORDER.index(paper.kind), first, plain(paper.title).casefold(), paper.id)


def _boards(
    program: Program, members: dict[int, list[str]], by_id: dict[str, Paper], report: Report
) -> dict[tuple[int, str], str]:
    """Each poster's board in each poster session: the overrides', the program's, or a
    number when the session numbers boards (by paper number, then id, skipping boards
    already given)."""
    boards: dict[tuple[int, str], str] = {}
    for index, forums in members.items():
        slot = program.schedule[index]
        if slot.kind is not SlotKind.POSTER_SESSION:
            continue
        given = dict(slot.boards)
        for forum in given:
            if forum not in by_id:
                report(forum, f"schedule[{index}].boards", f"board for paper {forum}, which is "
                       "not an accepted paper of the export: left out")  # fmt: skip
        for forum in forums:
            board = by_id[forum].board or given.get(forum, "")
            if board:
                boards[index, forum] = board
        if slot.number_boards:
            taken = {boards[index, f] for f in forums if (index, f) in boards}
            numbers = (str(n) for n in range(1, 2 * len(forums) + 2) if str(n) not in taken)
            unnumbered = [f for f in forums if (index, f) not in boards]
            for forum in sorted(unnumbered, key=lambda f: _paper_number(by_id[f])):
                boards[index, forum] = next(numbers)
        seen: dict[str, str] = {}
        for forum in forums:
            board = boards.get((index, forum), "")
            if board and board in seen:
                report(
                    by_id[forum].label,
                    "board",
                    f"board {board!r} of {slot.name!r} is also paper {seen[board]}'s",
                )
            seen.setdefault(board, by_id[forum].label)
    return boards


def _in_order(
    slot: Slot,
    index: int,
    forums: list[str],
    boards: dict[tuple[int, str], str],
    rank: dict[str, int],
) -> tuple[str, ...]:
    """A session's papers in the order they are presented: posters by board, a listed
    session's papers as listed, others in booklet order."""
    listed = {forum: number for number, forum in enumerate(slot.papers)}

    def key(forum: str) -> tuple[object, ...]:
        board = boards.get((index, forum), "")
        return (not board, _natural(board), listed.get(forum, len(listed)), rank[forum])

    return tuple(sorted(forums, key=key))


def _paper_number(paper: Paper) -> tuple[bool, int, str]:
    return (paper.number is None, paper.number or 0, paper.id)


def _natural(board: str) -> tuple[tuple[int, str], ...]:
    """Boards in the order people number them: "2" before "10", "A2" before "A10".

    A run of digits is compared by its length, then its digits: what int() would give,
    for numbers of any length (a board is a stranger's text, whatever its length).
    """
    parts = re.findall(r"\d+|\D+", board) or [""]
    return tuple(
        (len(p.lstrip("0")), p.lstrip("0")) if p.isdigit() else (-1, p.casefold()) for p in parts
    )


def _report_unpresented(
    program: Program,
    papers: tuple[Paper, ...],
    presentations: dict[str, list[Presentation]],
    report: Report,
) -> None:
    """Warn of papers the schedule gives no slot of their kind (once it has slots at all)."""
    if not program.schedule:
        return
    kinds = {slot.kind for slot in program.schedule}

    def presented_in(paper: Paper, kind: SlotKind) -> bool:
        slots = presentations.get(paper.id, [])
        return any(program.schedule[p.slot].kind is kind for p in slots)

    for paper in papers:
        if paper.kind is Kind.ORAL and not presented_in(paper, SlotKind.ORAL):
            report(
                paper.label,
                "schedule",
                f"oral {plain(paper.title)!r} is named by no oral slot of the program: its page "
                "says its talk's time is to be announced (name it with "
                f'paper = "{paper.id}" in an oral slot)',
            )
        if (
            paper.kind is Kind.SPOTLIGHT
            and SlotKind.SPOTLIGHT_SESSION in kinds
            and not presented_in(paper, SlotKind.SPOTLIGHT_SESSION)
        ):
            report(
                paper.label,
                "schedule",
                f"spotlight {plain(paper.title)!r} is in no spotlight session of the program "
                f'(list it with papers = [..., "{paper.id}"])',
            )
    if SlotKind.POSTER_SESSION in kinds:
        missing = [p.id for p in papers if not presented_in(p, SlotKind.POSTER_SESSION)]
        if missing:
            shown = ", ".join(missing[:10]) + (", ..." if len(missing) > 10 else "")
            report(
                "",
                "schedule",
                f"{len(missing)} papers are in no poster session ({shown}): the program has "
                "several; list them with `papers` in a poster session, or give them a "
                "`session` in the overrides",
            )


def stems(papers: tuple[Paper, ...]) -> dict[str, str]:
    """Each paper's file name: its forum id, unless that is one of generation's own names
    or another id differs from it only in case; then the id and a digest of it, joined by a
    dot, which no forum id has."""
    folded: dict[str, int] = {}
    for paper in papers:
        folded[paper.id.casefold()] = folded.get(paper.id.casefold(), 0) + 1
    found = {}
    for paper in papers:
        key = paper.id.casefold()
        if key in RESERVED_STEMS or folded[key] > 1:
            digest = hashlib.blake2b(paper.id.encode(), digest_size=4).hexdigest()
            found[paper.id] = f"{paper.id}.{digest}"
        else:
            found[paper.id] = paper.id
    return found
