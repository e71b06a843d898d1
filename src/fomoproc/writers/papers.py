"""The papers' MyST pages: one per paper, the papers index, the author and keyword indexes.

Text is escaped by :mod:`.myst`'s functions, once; index entries go out as data
(:func:`index_block`), escaped as HTML by :mod:`.indexhtml` when the page is written.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from fomoproc.indexes import Indexes
from fomoproc.model import KIND_ORDER, Booklet, Kind, Paper, Presentation, Slot, SlotKind
from fomoproc.places import slot_anchor
from fomoproc.text import clean_line
from fomoproc.writers import indexhtml, listing
from fomoproc.writers.indexhtml import IndexEntry
from fomoproc.writers.listing import Entry, Moment
from fomoproc.writers.myst import (
    HEADER,
    badge,
    clock,
    escape,
    fence,
    inline,
    latex_command,
    link,
    long_date,
    only,
    paragraphs,
    recurring,
    site_note,
    slot_time,
    star,
    zone_label,
    zone_switch,
)

#: Where the schedule is, from a page in papers/.
SCHEDULE = "../program/schedule.md"
#: Above this many entries an index gets one page per letter: one page of every author of a
#: conference is megabytes, slow to build and to open on a phone.
INDEX_PAGE_LIMIT = 1000
#: The citation files beside each paper: suffix of the file, label of its link.
CITATION_FORMATS = (
    (".bib", "BibTeX"),
    (".csl.json", "CSL-JSON"),
    (".ris", "RIS"),
)
#: The bold labels in front of a paper's TL;DR and keywords (the search index leaves
#: them out: every paper has them).
TLDR_LABEL, KEYWORDS_LABEL = "TL;DR:", "Keywords:"
#: What a paper page says in place of a missing abstract (not searched either).
NO_ABSTRACT = "The authors did not provide an abstract."
#: The class of the block of a paper's calendar links.
CALENDAR_LINKS = "fomo-calendars"
#: The heading of a paper's abstract (the PDF leaves it out), and the class of its links.
ABSTRACT_LABEL, LINKS_CLASS = "Abstract", "fomo-links"
#: In the PDF, before each paper: a paper keeps its first lines on its page
#: (fomoproc-handbook.sty); before each group: the group keeps its first paper.
PRINT_PAPER = latex_command(r"\fomoprocPaper")
PRINT_GROUP = latex_command(r"\fomoprocGroup")
#: What the papers index says before there is anything to list.
NO_PAPERS_YET = "No accepted papers yet: they are listed here once the export has them."
#: What a paper page says of an oral that no slot of the program names yet.
TALK_TBA = "talk time to be announced"


def _index_target(folder: str, count: int, letter: str, anchor: str) -> str:
    """Where an index entry is, from a page in papers/: one page, or its letter's page."""
    if count > INDEX_PAGE_LIMIT:
        return f"{folder}/{_letter_id(letter)}.md#{anchor}"
    return f"{folder}.md#{anchor}"


def _keyword_link(keyword: str, indexes: Indexes | None) -> str:
    entry = indexes.keyword(keyword) if indexes else None
    if entry is None or indexes is None:
        return recurring(keyword)
    target = _index_target("keywords", len(indexes.keywords), entry.letter, entry.anchor)
    return f"[{recurring(keyword)}]({target})"


def _authors_line(paper: Paper, indexes: Indexes | None = None) -> str:
    names = []
    for author in paper.authors:
        entry = indexes.author(author.name, author.profile_id) if indexes else None
        name = recurring(author.name)
        if entry is not None and indexes is not None:
            target = _index_target("authors", len(indexes.authors), entry.letter, entry.anchor)
            name = f"[{name}]({target})"
        names.append(f"{name} ({recurring(author.affiliation)})" if author.affiliation else name)
    return ", ".join(names)


@functools.lru_cache(maxsize=1024)  # hundreds of papers share a poster session
def _slot_phrase(slot: Slot) -> str:
    """ "Poster Session, 1:00–2:30 PM": which slot, and when (escaped)."""
    return f"{escape(slot.name)}, {slot_time(slot)}"


def when_and_where(paper: Paper, booklet: Booklet, schedule: str = SCHEDULE) -> str:
    """The line that opens a paper's page: its badge, the day, then each of its slots (and
    its board) linked to its row of the schedule, and the time zone."""
    program = booklet.program
    found = booklet.presentations.get(paper.id, ())
    if not found:
        return f"{badge(paper.kind)} Presentation time to be announced."
    parts = []
    if paper.kind is Kind.ORAL and not any(_kind(booklet, p) is SlotKind.ORAL for p in found):
        parts.append(TALK_TBA.capitalize())
    for presentation in found:
        slot = program.schedule[presentation.slot]
        text = _slot_phrase(slot)
        if presentation.board:
            text += f", board {escape(presentation.board)}"
        parts.append(f"[{text}]({schedule}#{slot_anchor(program, presentation.slot)})")
    day = program.schedule[found[0].slot].start
    return (
        f"{badge(paper.kind)} **{escape(long_date(day.date()))}** · "
        + " · ".join(parts)
        + f" ({zone_label(day.tzname() or '', program.workshop.timezone)})"
    )


def _kind(booklet: Booklet, presentation: Presentation) -> SlotKind:
    return booklet.program.schedule[presentation.slot].kind


def short_when(paper: Paper, booklet: Booklet) -> list[str | Moment]:
    """ "Orals Session 1, 10:30 AM · Poster Session, 1:00 PM, board 12": for lists, as runs
    of text and times."""
    runs: list[str | Moment] = []
    if paper.kind is Kind.ORAL and not any(
        _kind(booklet, p) is SlotKind.ORAL for p in booklet.presentations.get(paper.id, ())
    ):
        runs.append(TALK_TBA)
    for presentation in booklet.presentations.get(paper.id, ()):
        slot = booklet.program.schedule[presentation.slot]
        runs += [" · " if runs else "", f"{slot.name}, ", Moment(clock(slot.start), slot.start)]
        if presentation.board:
            runs.append(f", board {presentation.board}")
    return [run for run in runs if run]


def entry(paper: Paper, booklet: Booklet, *, board: str = "", when: bool = False) -> Entry:
    """A paper as lists hold it: its page, title, authors, star (and board, when)."""
    stem = booklet.stem(paper)
    return Entry(
        doc=f"papers/{stem}",
        title=paper.title,
        authors=", ".join(clean_line(a.name) for a in paper.authors),
        board=board,
        star=stem,
        when=short_when(paper, booklet) if when else (),
    )


def citation_downloads(stem: str, lead: str) -> str:
    """A block of download buttons for a citation's BibTeX, CSL-JSON and RIS files."""
    links = " ".join(
        f"{{fomoproc-file}}`{label} <{stem}{suffix}>`" for suffix, label in CITATION_FORMATS
    )
    return f"```{{container}} fomo-downloads\n{lead}\n{links}\n```"


def paper_page(
    paper: Paper,
    booklet: Booklet,
    bibtex: str,
    source: str,
    *,
    indexes: Indexes | None = None,
    calendars: Mapping[int, str] | None = None,
) -> str:
    """The page of one paper.

    ``indexes`` say where its authors and keywords are filed (linked to them);
    ``calendars`` are the .ics files of the schedule's slots (relative to the program
    folder), by position.
    """
    lines = [
        HEADER.format(source=source),
        PRINT_PAPER,
        f"# {inline(paper.title)}\n",
    ]
    lines.append(when_and_where(paper, booklet) + "\n")
    calendars = calendars or {}
    files = [
        (booklet.program.schedule[p.slot], calendars[p.slot])
        for p in booklet.presentations.get(paper.id, ())
        if p.slot in calendars
    ]
    # The site's own: the reader's agenda, the calendar files, the zone times are shown in.
    actions = [star("paper", booklet.stem(paper), labelled=True)]
    if files:
        ics = " · ".join(
            f"{{fomoproc-file}}`{escape(slot.name)} <../program/{path}>`" for slot, path in files
        )
        actions.append(f"Add to your calendar (.ics): {ics}")
    if booklet.presentations.get(paper.id):
        actions.append(zone_switch(booklet.program.workshop.timezone))
    box = f"```{{container}} {CALENDAR_LINKS}\n{' '.join(actions)}\n```"
    lines.append(only("html", box))
    if paper.authors:
        lines.append(f"{_authors_line(paper, indexes)}\n")
    if paper.tldr:
        lines.append(f"**{TLDR_LABEL}** {inline(paper.tldr)}\n")
    lines.append(f"```{{rubric}} {ABSTRACT_LABEL}\n```\n")
    if paper.abstract:
        lines.append(paragraphs(paper.abstract) + "\n")
    else:
        lines.append(f"*{NO_ABSTRACT}*\n")
    if paper.keywords:
        lines.append(
            f"**{KEYWORDS_LABEL}** "
            + " · ".join(_keyword_link(k, indexes) for k in paper.keywords)
            + "\n"
        )
    links = [link("OpenReview", paper.openreview_url)]
    if paper.pdf_url:
        links.append(link("PDF", paper.pdf_url))
    if paper.code_url:
        links.append(link("Code", paper.code_url))
    opener, closer = fence("", f"{{container}} {LINKS_CLASS}")
    lines.append(f"{opener}\n{' '.join(links)}\n{closer}\n")
    outer, outer_end = fence(bibtex + "````", "{only} html")
    inner, inner_end = fence(bibtex, "bibtex")
    downloads = citation_downloads(f"bib/{booklet.stem(paper)}", "Download this citation:")
    lines.append(
        f"{outer}\n```{{rubric}} Cite this paper\n```\n\n"
        f"{inner}\n{bibtex.rstrip()}\n{inner_end}\n\n{downloads}\n{outer_end}\n"
    )
    return "\n".join(lines)


def papers_index(booklet: Booklet, source: str) -> str:
    """The list of accepted papers, grouped oral / spotlight / poster, with the toctrees."""
    by_kind = {kind: [p for p in booklet.papers if p.kind is kind] for kind in KIND_ORDER}
    counts = ", ".join(
        f"{len(papers)} {kind.value}{'' if len(papers) == 1 else 's'}"
        for kind, papers in by_kind.items()
        if papers
    )
    lines = [HEADER.format(source=source), "# Accepted papers\n"]
    if not booklet.papers:
        # A new booklet builds before its first export: say so, not "0 accepted papers: .".
        lines.append(f"{NO_PAPERS_YET}\n")
        return "\n".join(lines)
    lines += [
        f"{len(booklet.papers)} accepted papers: {counts}. The workshop is non-archival: "
        "these papers are not proceedings, and their authors may publish them elsewhere.\n",
        only("html", citation_downloads("bib/volume", "Download the citations of every paper:")),
        # HTML pages only: the PDF has its own author index (makeindex), with page numbers.
        only(
            "html",
            "Browse the papers by [author](authors.md) or by [keyword](keywords.md), or find a "
            "poster by its [board](../program/posters.md).\n\n"
            "```{toctree}\n:hidden:\n\nauthors\nkeywords\n```",
        ),
        site_note(
            "Star the papers you want to see: they are listed in "
            "[your agenda](../program/agenda.md)." + _times_line(booklet)
        ),
    ]
    for kind, papers in by_kind.items():
        if not papers:
            continue
        lines.append(PRINT_GROUP)
        lines.append(f"## {kind.label}s\n")
        entries = [entry(paper, booklet, when=True) for paper in papers]
        lines.append(only("html", listing.block("bullets", entries)))
        lines.append("```{toctree}\n:hidden:\n:maxdepth: 1\n")
        lines.extend(booklet.stem(paper) for paper in papers)
        lines.append("```\n")
    return "\n".join(lines)


def _times_line(booklet: Booklet) -> str:
    """ " Times are PDT." and the switch between the zones, where the day has times."""
    schedule = booklet.program.schedule
    if not schedule:
        return ""
    zone = booklet.program.workshop.timezone
    return f" Times are {zone_label(schedule[0].start.tzname() or '', zone)}. {zone_switch(zone)}"


#: The class of an index's bar of letters (kept in view as the reader scrolls).
LETTERS_CLASS = "fomo-letters"


def _letter_bar(letters: Sequence[str], prefix: str, pages: bool = False) -> str:
    if not letters:  # an index with no entry (papers whose authors have no names)
        return ""
    if pages:  # one page per letter, beside this one
        links = " ".join(f"[{escape(letter)}]({_letter_id(letter)}.md)" for letter in letters)
    else:
        links = " ".join(f"[{escape(letter)}](#{prefix}{_letter_id(letter)})" for letter in letters)
    return f"```{{container}} {LETTERS_CLASS}\n{links}\n```"


def _letter_id(letter: str) -> str:
    return letter.casefold() if letter.isalnum() else "other"


#: The directive of an index's entries (fomoproc.sphinxext.indexpages writes them as HTML).
INDEX_DIRECTIVE = "fomoproc-index"


def index_block(kind: str, entries: Sequence[IndexEntry]) -> str:
    """Index entries as data, one JSON line each, in the directive that writes them.

    A conference's author index is tens of thousands of entries: as MyST paragraphs they
    were docutils nodes by the hundred thousand, all in memory while Sphinx wrote the
    letter pages. The text stays text: JSON holds it, and the writer escapes it as HTML.
    """
    content = "\n".join(indexhtml.to_line(entry) for entry in entries)
    opener, closer = fence(content, f"{{{INDEX_DIRECTIVE}}} {kind}")
    return f"{opener}\n{content}\n{closer}\n"


def _index_pages(
    folder: str,
    title: str,
    intro: str,
    entries: Sequence[tuple[str, IndexEntry]],
    *,
    source: str,
) -> dict[str, str]:
    """An index as one page (papers/<folder>.md), or as a hub with one page per letter.

    ``entries`` are each entry's letter and its data, in index order.
    """
    by_letter: dict[str, list[IndexEntry]] = {}
    for letter, entry in entries:
        by_letter.setdefault(letter, []).append(entry)
    letters = sorted(by_letter, key=lambda c: (c == "#", c))
    head = [HEADER.format(source=source), f"# {title}\n", intro]

    def block(letter: str) -> str:
        return index_block(folder, by_letter[letter])

    if len(entries) <= INDEX_PAGE_LIMIT:
        lines = [*head, _letter_bar(letters, f"{folder}-") + "\n"]
        for letter in letters:
            lines.append(f"({folder}-{_letter_id(letter)})=\n## {escape(letter)}\n")
            lines.append(block(letter))
        return {f"papers/{folder}.md": "\n".join(lines)}
    pages = [_letter_id(letter) for letter in letters]
    links = " ".join(
        f"[{escape(letter)}]({folder}/{page}.md)"
        for letter, page in zip(letters, pages, strict=True)
    )
    links = f"```{{container}} {LETTERS_CLASS}\n{links}\n```"
    toctree = "```{toctree}\n:hidden:\n\n" + "\n".join(f"{folder}/{p}" for p in pages)
    files = {f"papers/{folder}.md": "\n".join([*head, links + "\n", toctree + "\n```\n"])}
    for letter, page in zip(letters, pages, strict=True):
        lines = [
            HEADER.format(source=source),
            f"# {title}: {escape(letter)}\n",
            _letter_bar(letters, "", pages=True) + "\n",
            block(letter),
        ]
        files[f"papers/{folder}/{page}.md"] = "\n".join(lines)
    return files


def _listed(paper_ids: Sequence[str], booklet: Booklet) -> tuple[tuple[str, str], ...]:
    found = (booklet.paper(forum) for forum in paper_ids)
    return tuple((f"papers/{booklet.stem(p)}", p.title) for p in found if p is not None)


def authors_pages(booklet: Booklet, indexes: Indexes, source: str) -> dict[str, str]:
    """Every author, by family name, with a letter index and links to their papers."""
    entries = [
        (
            entry.letter,
            IndexEntry(
                anchor=entry.anchor,
                label=entry.heading,
                profile="https://openreview.net/profile?id=" + quote(entry.profile_id)
                if entry.profile_id.startswith("~")
                else "",
                papers=_listed(entry.papers, booklet),
                note=entry.affiliation,
            ),
        )
        for entry in indexes.authors
    ]
    known = " with their affiliations" if any(e.affiliation for e in indexes.authors) else ""
    intro = (
        f"{len(indexes.authors)} authors of {len(booklet.papers)} papers, by family name"
        f"{known}; a name links to its OpenReview profile.\n"
    )
    return _index_pages("authors", "Authors", intro, entries, source=source)


def keywords_pages(booklet: Booklet, indexes: Indexes, source: str) -> dict[str, str]:
    """Every keyword (case and spacing ignored) with the papers that give it."""
    entries = [
        (
            entry.letter,
            IndexEntry(
                anchor=entry.anchor,
                label=entry.label,
                profile="",
                papers=_listed(entry.papers, booklet),
            ),
        )
        for entry in indexes.keywords
    ]
    intro = f"{len(indexes.keywords)} keywords, as the authors gave them.\n"
    return _index_pages("keywords", "Papers by keyword", intro, entries, source=source)
