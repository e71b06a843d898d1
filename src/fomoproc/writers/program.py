"""The program's MyST pages: the day's schedule, the posters by board, the people.

Every row of the schedule has a stable anchor (:func:`fomoproc.places.slot_anchor`) that
paper pages link to; the sessions that present papers list them after the day's table;
the posters page lists each poster session's posters by board. Text is escaped by
:mod:`.myst`'s functions, once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fomoproc.model import Booklet, Paper, Person, Slot, SlotKind
from fomoproc.places import slot_anchor, speaker_anchors
from fomoproc.text import safe_url
from fomoproc.writers import listing
from fomoproc.writers.ical import slot_keys, talk_files
from fomoproc.writers.myst import (
    HEADER,
    escape,
    fence,
    inline,
    latex_command,
    link,
    long_date,
    only,
    recurring,
    site_note,
    slot_time,
    star,
    time_range,
    zone_label,
    zone_phrase,
    zone_switch,
)
from fomoproc.writers.papers import entry

#: What the people page says before there is anyone to list.
NO_PEOPLE_YET = "The speakers and organizers will be announced."
#: In the PDF, around the sessions' lists: a page of their own, under this heading
#: (fomoproc-handbook.sty); the schedule's table, before it, is the day at a glance.
PRINT_SESSIONS = latex_command(r"\begin{fomoprocsessions}{Sessions}")
PRINT_SESSIONS_END = latex_command(r"\end{fomoprocsessions}")
#: Where the papers' pages are, from a page in program/.
PAPERS = "../papers"
#: The slots that are shown in bold when they present no paper and no speaker.
_PLAIN_SLOTS = frozenset(
    {
        SlotKind.OPENING,
        SlotKind.BREAK,
        SlotKind.LUNCH,
        SlotKind.CLOSING,
        SlotKind.POSTER_SESSION,
        SlotKind.SPOTLIGHT_SESSION,
    }
)


def _paper_link(paper: Paper, booklet: Booklet) -> str:
    return f"[{inline(paper.title)}]({PAPERS}/{booklet.stem(paper)}.md)"


def _authors(paper: Paper) -> str:
    return ", ".join(recurring(a.name) for a in paper.authors)


def session_anchor(booklet: Booklet, index: int) -> str:
    """The anchor of a session's list of papers, below the day's table."""
    return slot_anchor(booklet.program, index).replace("slot-", "session-", 1)


def _session_summary(booklet: Booklet, index: int) -> str:
    """ "7 spotlight talks" or "30 posters, boards 1–30", linked to the session's list."""
    slot = booklet.program.schedule[index]
    papers = booklet.sessions.get(index, ())
    if not papers:
        return ""
    count = len(papers)
    if slot.kind is SlotKind.SPOTLIGHT_SESSION:
        text = f"{count} spotlight talk{'' if count == 1 else 's'}"
    else:
        text = f"{count} poster{'' if count == 1 else 's'}"
        found = (booklet.paper(forum) for forum in papers)
        boards = [b for paper in found if paper and (b := _board(booklet, paper, index))]
        if boards:
            text += f", boards {boards[0]}–{boards[-1]}" if len(boards) > 1 else ""
            text += f", board {boards[0]}" if len(boards) == 1 else ""
    return f"[{escape(text)}](#{session_anchor(booklet, index)})"


def _slot_cells(
    booklet: Booklet, index: int, calendars: Mapping[int, str], starred: Mapping[int, str]
) -> str:
    """One row of the day's table, its time cell carrying the slot's anchor; a talk's row
    can be starred (``starred``: the slot keys of the talks)."""
    program = booklet.program
    slot = program.schedule[index]
    paper = booklet.talk(index)
    speaker = program.speaker(slot.speaker) if slot.speaker else None
    if paper is not None:
        authors = _authors(paper)
        what = _paper_link(paper, booklet) + (f"\\\n    {authors}" if authors else "")
    elif speaker is not None:
        anchor = speaker_anchors(program)[speaker.id]
        who = f"**[{inline(speaker.name)}](people.md#{anchor})**"
        if speaker.affiliation:
            who += f" ({inline(speaker.affiliation)})"
        what = f"{who}\\\n    {inline(slot.title)}" if slot.title else who
    else:
        what = inline(slot.title or slot.kind.label)
        if slot.kind in _PLAIN_SLOTS:
            what = f"**{what}**"
        summary = _session_summary(booklet, index)
        if summary:
            what += f"\\\n    {summary}"
    label = slot.kind.label + (f" · {escape(slot.session)}" if slot.session else "")
    if index in calendars:  # a link of the site's only, on a line of its own
        what += f" {{fomoproc-file}}`Add to calendar <{calendars[index]}>`"
    if index in starred:  # the site's only: no space around it
        what = star("slot", starred[index]) + what
    anchor = slot_anchor(program, index)
    return f"* - ({anchor})=\n    {slot_time(slot)}\n  - {label}\n  - {what}"


def _schedule_table(booklet: Booklet, zone: str, calendars: Mapping[int, str]) -> str:
    timezone = booklet.program.workshop.timezone
    rows = [
        "```{list-table}\n:header-rows: 1\n:widths: 22 22 56\n:class: fomo-schedule\n\n"
        f"* - Time ({zone_label(zone, timezone)})\n  - Session\n  - Talk"
    ]
    keys = slot_keys(booklet)
    starred = {index: keys[index] for index in talk_files(booklet)}
    for index in range(len(booklet.program.schedule)):
        rows.append(_slot_cells(booklet, index, calendars, starred))
    rows.append("```\n")
    return "\n".join(rows)


def _session_lists(booklet: Booklet) -> list[str]:
    """Each spotlight and poster session's papers, after the day's table."""
    program = booklet.program
    lines = []
    for index, slot in enumerate(program.schedule):
        papers = [booklet.paper(f) for f in booklet.sessions.get(index, ())]
        if slot.kind not in (SlotKind.SPOTLIGHT_SESSION, SlotKind.POSTER_SESSION) or not papers:
            continue
        # A rubric, not a section: the posters page, after them, stays the schedule's
        # first subsection in the PDF.
        lines.append(
            f"({session_anchor(booklet, index)})=\n```{{rubric}} {inline(slot.name)}\n```\n\n"
            f"[{slot_time(slot)}](#{slot_anchor(program, index)})"
            + (f" · {inline(program.workshop.room)}" if program.workshop.room else "")
            + "\n"
        )
        style = "numbered" if slot.kind is SlotKind.SPOTLIGHT_SESSION else "bullets"
        entries = [
            entry(paper, booklet, board=_board(booklet, paper, index))
            for paper in papers
            if paper is not None
        ]
        lines.append(listing.block(style, entries))
    return lines


def _board(booklet: Booklet, paper: Paper, index: int) -> str:
    found = booklet.presentations.get(paper.id, ())
    return next((p.board for p in found if p.slot == index), "")


def schedule_page(
    booklet: Booklet,
    source: str,
    calendars: Mapping[int, str] | None = None,
    program_calendar: str = "",
) -> str:
    """The day's schedule as a table, then each session's papers; talks link to their paper
    or speaker and calendar file.

    ``calendars`` maps schedule positions to their .ics (relative to the program folder);
    ``program_calendar`` is the .ics of the whole day.
    """
    workshop = booklet.program.workshop
    first = booklet.program.schedule[0].start if booklet.program.schedule else None
    where = ", ".join(escape(p) for p in (workshop.room, workshop.venue) if p)
    lines = [HEADER.format(source=source), "# Schedule\n"]
    intro = f"**{escape(long_date(workshop.date))}**"
    if where:
        intro += f", {where}"
    if first is not None:
        zone = f"{workshop.timezone} time, {zone_phrase(first)}"
        intro += f". All times are {zone_label(zone, workshop.timezone)}."
    lines.append(intro + "\n")
    # The site's page of posters by board; the PDF's sessions list them so already.
    posters = only("html", "```{toctree}\n:hidden:\n\nposters\n```")
    if not booklet.program.schedule or first is None:
        lines += ["The schedule will be announced.\n", posters]
        return "\n".join(lines)
    zone = first.tzname() or ""
    links = ["Posters by board: [the posters page](posters.md)"]
    if program_calendar:
        links.insert(
            0,
            f"{{fomoproc-file}}`Add the whole day to your calendar (.ics) <{program_calendar}>`"
            " (each talk also has its own calendar file below)",
        )
    lines.append(only("html", " · ".join(links)))
    lines.append(
        site_note(
            f"Times: {zone_switch(workshop.timezone)} · Star the talks you want to see: they are "
            "listed in [your agenda](agenda.md)."
        )
    )
    lines.append(_schedule_table(booklet, zone, calendars or {}))
    sessions = _session_lists(booklet)
    if sessions:
        lines += [PRINT_SESSIONS, *sessions, PRINT_SESSIONS_END]
    lines.append(posters)
    return "\n".join(lines)


def posters_page(booklet: Booklet, source: str) -> str:
    """Every poster session's posters, by board: where to find a poster, on screen or paper."""
    program = booklet.program
    lines = [HEADER.format(source=source), "# Posters\n"]
    sessions = [
        index
        for index, slot in enumerate(program.schedule)
        if slot.kind is SlotKind.POSTER_SESSION and booklet.sessions.get(index)
    ]
    if not sessions:
        lines.append("The poster sessions will be announced.\n")
        return "\n".join(lines)
    where = f", {inline(program.workshop.room)}" if program.workshop.room else ""
    lines.append(
        f"Posters are presented at the poster session{'s' if len(sessions) > 1 else ''}"
        f"{where}, each at its board.\n"
    )
    lines.append(
        site_note(
            f"Times: {zone_switch(program.workshop.timezone)} · Star the posters you want to "
            "see: they are listed in [your agenda](agenda.md)."
        )
    )
    for index in sessions:
        slot = program.schedule[index]
        anchor = slot_anchor(program, index).replace("slot-", "posters-", 1)
        zone = zone_label(slot.start.tzname() or "", program.workshop.timezone)
        lines.append(
            f"({anchor})=\n## {inline(slot.name)}\n\n"
            f"[{slot_time(slot)}](schedule.md#{slot_anchor(program, index)}), "
            f"{escape(long_date(slot.start.date()))} ({zone})\n"
        )
        found = (booklet.paper(forum) for forum in booklet.sessions[index])
        entries = [
            entry(paper, booklet, board=_board(booklet, paper, index))
            for paper in found
            if paper is not None
        ]
        lines.append(listing.block("boards", entries))
    return "\n".join(lines)


def _talks(person: Person, booklet: Booklet) -> list[tuple[int, Slot]]:
    return [(i, s) for i, s in enumerate(booklet.program.schedule) if s.speaker == person.id]


def _card(
    person: Person,
    booklet: Booklet,
    photo: str,
    calendars: Mapping[int, str],
    *,
    anchor: str = "",
) -> str:
    options = [":text-align: center", ":class-card: fomo-person"]
    if photo:
        options.append(f":img-top: {photo}")
    body = [f"({anchor})=\n" if anchor else "", f"**{inline(person.name)}**"]
    if person.affiliation:
        body.append(f"\\\n{inline(person.affiliation)}")
    if safe_url(person.url):
        body.append(f"\\\n{link('Website', person.url)}")
    for index, slot in _talks(person, booklet):
        talk = f"\n\n*{inline(slot.title)}*\\\n" if slot.title else "\n\n"
        zone = zone_label(slot.start.tzname() or "", booklet.program.workshop.timezone)
        talk += f"[{slot_time(slot)} {zone}]"
        talk += f"(schedule.md#{slot_anchor(booklet.program, index)})"
        if index in calendars:
            talk += f" · {{fomoproc-file}}`Add to calendar <{calendars[index]}>`"
        body.append(talk)
    content = "".join(body)
    opener, closer = fence(content, "{grid-item-card}")
    return f"{opener}\n" + "\n".join(options) + f"\n\n{content}\n{closer}"


def _cards(
    people: Sequence[Person],
    booklet: Booklet,
    photos: Mapping[str, str],
    calendars: Mapping[int, str],
    group: str,
) -> str:
    anchors = speaker_anchors(booklet.program) if group == "speakers" else {}
    cards = [
        _card(
            person,
            booklet,
            photos.get(f"{group}:{person.id}", ""),
            calendars,
            anchor=anchors.get(person.id, ""),
        )
        for person in people
    ]
    inner = "\n\n".join(cards)
    opener, closer = fence(inner, "{grid} 1 2 3 3")
    grid = f"{opener}\n:gutter: 3\n:class-container: fomo-people\n\n{inner}\n{closer}"
    return only("html", grid)


def _plain_list(people: Sequence[Person], booklet: Booklet, group: str) -> str:
    anchors = speaker_anchors(booklet.program) if group == "speakers" else {}
    entries = []
    for person in people:
        entry = f"- **{inline(person.name)}**"
        if person.id in anchors:
            # The schedule links speakers to their cards, which the PDF does not have: the
            # link lands here instead (the label Sphinx gives the card's anchor in LaTeX).
            label = (
                f"\\phantomsection\\label{{\\detokenize{{program/people:{anchors[person.id]}}}}}"
            )
            entry = f"- ```{{raw}} latex\n  {label}\n  ```\n\n  **{inline(person.name)}**"
        if person.affiliation:
            entry += f", {inline(person.affiliation)}"
        if address := safe_url(person.url):
            # Shown as itself: the PDF prints it short, on the line (fomoproc.sphinxext.printed).
            entry += f", {link(address, address)}"
        for _, slot in _talks(person, booklet):
            entry += f".\\\n  *{inline(slot.title)}*, " if slot.title else ".\\\n  "
            entry += f"{escape(time_range(slot))} {escape(slot.start.tzname() or '')}"
        entries.append(entry)
    return only("latex", "\n".join(entries))


def people_page(
    booklet: Booklet,
    source: str,
    photos: Mapping[str, str] | None = None,
    calendars: Mapping[int, str] | None = None,
) -> str:
    """Invited speakers (with their talks), organizers and sponsors: cards in HTML, lists in PDF.

    ``photos`` maps "speakers:<id>" (or organizers, sponsors) to an image the page may
    show: checked by the caller (a file under the project, or an http(s) URL).
    """
    program = booklet.program
    photos = photos or {}
    calendars = calendars or {}
    lines = [HEADER.format(source=source), "# Speakers and organizers\n"]
    if any(slot.speaker for slot in program.schedule):
        lines.append(site_note(f"Times of the talks: {zone_switch(program.workshop.timezone)}"))
    for group, title, people in (
        ("speakers", "Invited speakers", program.speakers),
        ("panelists", "Panelists", program.panelists),
        ("organizers", "Organizers", program.organizers),
        ("sponsors", "Sponsors", program.sponsors),
    ):
        if not people:
            continue
        lines.append(f"## {title}\n")
        lines.append(_cards(people, booklet, photos, calendars, group))
        lines.append(_plain_list(people, booklet, group))
    if not (program.speakers or program.panelists or program.organizers or program.sponsors):
        lines.append(f"{NO_PEOPLE_YET}\n")
    return "\n".join(lines)
