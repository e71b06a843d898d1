"""The booklet's data: plain, frozen values with no Sphinx, docutils or format knowledge.

Readers build these from an export and a program file; writers turn them into
MyST, BibTeX and other formats. Text fields hold plain Unicode exactly as the
authors wrote it (``$...$`` math included); escaping happens in the writers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """How an accepted paper is presented at the workshop."""

    ORAL = "oral"
    SPOTLIGHT = "spotlight"
    POSTER = "poster"

    @property
    def label(self) -> str:
        """The word shown to readers."""
        return self.value.capitalize()


#: Order in which kinds are listed (papers index, PDF).
KIND_ORDER: tuple[Kind, ...] = (Kind.ORAL, Kind.SPOTLIGHT, Kind.POSTER)


class Severity(StrEnum):
    """How bad a problem in the input is."""

    ERROR = "error"  # the record cannot become a page as it is
    WARNING = "warning"  # the page is made, but something is shown differently than written
    INFO = "info"  # worth knowing, nothing is lost


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """Something in an input file an organizer should know about."""

    file: str
    paper: str  # paper number or forum id, "" for file-level problems
    field: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (self.file, f"paper {self.paper}" if self.paper else "", self.field)
            if part
        )
        return f"{where}: {self.severity.value}: {self.message}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    """One author as the export names them."""

    name: str
    profile_id: str = ""  # OpenReview "~First_Last1" where known
    affiliation: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Paper:
    """An accepted paper."""

    id: str  # OpenReview forum id: stable, used for file names and URLs
    number: int | None
    title: str
    authors: tuple[Author, ...]
    abstract: str
    kind: Kind
    keywords: tuple[str, ...] = ()
    tldr: str = ""
    openreview_url: str = ""
    pdf_url: str = ""
    code_url: str = ""
    bibtex_key: str = ""  # the key of OpenReview's own ``_bibtex``, kept so citations match
    session: str = ""  # the organizers' poster or talk session, when they assign one
    board: str = ""  # the poster board, when the organizers assign one

    @property
    def label(self) -> str:
        """How problems and logs name this paper."""
        return f"#{self.number} ({self.id})" if self.number is not None else self.id


@dataclass(frozen=True, slots=True, kw_only=True)
class Exclusion:
    """A record of the export that did not become a page, and why."""

    record: str  # forum id, or the record's position when it has none
    title: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Export:
    """Everything read from one export file: every record is a paper or an exclusion."""

    source: str
    records: int
    papers: tuple[Paper, ...]
    exclusions: tuple[Exclusion, ...]
    problems: tuple[Problem, ...] = ()
    format: str = ""  # the reader that read it: "openreview", "paperlists", ...


class SlotKind(StrEnum):
    """What happens in a slot of the schedule."""

    OPENING = "opening"
    INVITED_TALK = "invited-talk"
    ORAL = "oral"
    SPOTLIGHT_SESSION = "spotlight-session"
    POSTER_SESSION = "poster-session"
    BREAK = "break"
    LUNCH = "lunch"
    PANEL = "panel"
    CLOSING = "closing"

    @property
    def label(self) -> str:
        """The words shown in the schedule."""
        return _SLOT_LABELS[self]


_SLOT_LABELS = {
    SlotKind.OPENING: "Opening",
    SlotKind.INVITED_TALK: "Invited talk",
    SlotKind.ORAL: "Oral",
    SlotKind.SPOTLIGHT_SESSION: "Spotlights",
    SlotKind.POSTER_SESSION: "Posters",
    SlotKind.BREAK: "Break",
    SlotKind.LUNCH: "Lunch",
    SlotKind.PANEL: "Panel",
    SlotKind.CLOSING: "Closing",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """A speaker or organizer."""

    id: str
    name: str
    affiliation: str = ""
    url: str = ""
    photo: str = ""  # a path under the Sphinx project, or an http(s) URL; a logo for sponsors
    order: int | None = None  # the program file's sort key; people without one come last


#: The slots whose papers are presented in turn or side by side, not one talk each.
SESSION_KINDS = frozenset({SlotKind.SPOTLIGHT_SESSION, SlotKind.POSTER_SESSION})


@dataclass(frozen=True, slots=True, kw_only=True)
class Slot:
    """One row of the day's schedule; times are aware datetimes in the workshop's zone."""

    start: dt.datetime
    end: dt.datetime | None
    kind: SlotKind
    title: str
    session: str = ""
    speaker: str = ""  # a Person id
    paper: str = ""  # the forum id of the one paper a talk presents
    papers: tuple[str, ...] = ()  # a spotlight or poster session's papers, as the program lists
    boards: tuple[tuple[str, str], ...] = ()  # a poster session's boards, by forum id
    number_boards: bool = False  # number the other posters' boards, by paper number

    @property
    def name(self) -> str:
        """How readers are told which slot this is: its session, else its title or kind."""
        return self.session or self.title or self.kind.label


@dataclass(frozen=True, slots=True, kw_only=True)
class Presentation:
    """Where a paper is presented: a slot of the schedule, and its poster board there."""

    slot: int  # the slot's position in the program's schedule
    board: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Workshop:
    """Who and where: the facts the booklet's front matter and citations need."""

    short_name: str
    name: str
    conference: str
    group_id: str
    date: dt.date
    timezone: str
    venue: str = ""
    room: str = ""
    website: str = ""
    edition: int | None = None  # 3 for the third workshop of a series
    url: str = ""  # where the booklet is published (its HTML site)
    booktitle: str = ""
    bibtex_note: str = "Non-archival"
    paper: str = "a4"  # the PDF's paper size: "a4" or "letter"

    @property
    def year(self) -> int:
        """The year the workshop takes place."""
        return self.date.year

    @property
    def citation_booktitle(self) -> str:
        """The ``booktitle`` of every paper's citation."""
        return self.booktitle or f"{self.name} ({self.short_name}), Workshop at {self.conference}"


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexOptions:
    """How the author index files names."""

    # False: "van Breugel" is filed under B (the particle follows the given names);
    # True: under V, as Dutch and Belgian indexes often do.
    particles_first: bool = False
    # Family names the name's own words do not tell ("Nguyễn" in "Nguyễn Thị Hương"),
    # keyed by OpenReview profile id or by the name as the export writes it.
    family_names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Program:
    """The day: the workshop, its schedule and its people."""

    workshop: Workshop
    schedule: tuple[Slot, ...] = ()
    speakers: tuple[Person, ...] = ()
    organizers: tuple[Person, ...] = ()
    panelists: tuple[Person, ...] = ()
    sponsors: tuple[Person, ...] = ()
    author_index: IndexOptions = field(default_factory=IndexOptions)
    source: str = ""

    def speaker(self, person_id: str) -> Person | None:
        """The speaker with this id, if any."""
        return next((p for p in self.speakers if p.id == person_id), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Booklet:
    """The export and the program joined: what the writers render."""

    program: Program
    papers: tuple[Paper, ...]  # in booklet order: by kind, then by slot, then by title
    # Each slot's papers, by the slot's position in the schedule: a talk's one paper, a
    # session's papers in the order they are presented (posters by board).
    sessions: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # Each paper's presentations, by forum id, in time order.
    presentations: dict[str, tuple[Presentation, ...]] = field(default_factory=dict)
    # Each paper's file name (its forum id, unless another id or a page would clash).
    stems: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    _by_id: dict[str, Paper] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {paper.id: paper for paper in self.papers})

    def paper(self, forum: str) -> Paper | None:
        """The accepted paper with this forum id."""
        return self._by_id.get(forum)

    def talk(self, slot: int) -> Paper | None:
        """The paper a talk presents (an oral's), if the program names one."""
        slot_kind = self.program.schedule[slot].kind
        found = self.sessions.get(slot, ())
        return self.paper(found[0]) if found and slot_kind not in SESSION_KINDS else None

    def stem(self, paper: Paper) -> str:
        """The name of a paper's page and citation files, without their suffix."""
        return self.stems.get(paper.id, paper.id)
