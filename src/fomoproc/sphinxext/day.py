"""``{fomoproc-day}``: the day at a glance, for the top of the home page.

The date, the room and the time zone, then each slot of the day on one line (its time,
what it is, linked to its row of the schedule), and links to the schedule, the reader's
agenda and the posters. ``fomoproc-times.js`` writes what is on now and next above the
list (before the day: when it starts; after: that it has ended), marks those slots, and
shows the times in the reader's zone when they chose it. Nothing of it reaches the PDF,
whose schedule says it all.

The directive leaves a placeholder that is filled when the page is read, from this build's
booklet. A page that shows the day is read again when the day it shows changes, whether
or not its own source did (``env-get-outdated``).
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Set
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxTranslator
from sphinx.writers.html5 import HTML5Translator

from fomoproc import __version__
from fomoproc.mathtext import readable
from fomoproc.model import Booklet
from fomoproc.places import slot_anchor
from fomoproc.sphinxext import state
from fomoproc.sphinxext.times import moment, zone_label, zone_switch
from fomoproc.writers.agenda import PAGE as AGENDA
from fomoproc.writers.myst import long_date, time_range


class day_placeholder(nodes.General, nodes.Element):  # type: ignore[misc]
    """Where the day goes, once the page is read."""


class day_status(nodes.General, nodes.Element):  # type: ignore[misc]
    """What is on now and next: written by the page's script."""


class DayDirective(SphinxDirective):
    """``{fomoproc-day}``, without arguments or content."""

    def run(self) -> list[nodes.Node]:
        """A placeholder, filled when the page is read (the booklet is the build's)."""
        return [day_placeholder()]


class DayDomain(Domain):
    """What each page that shows the day showed of it, to read it again when that changes."""

    name = "fomoproc-day"
    label = "fomoproc day at a glance"
    initial_data = {"shown": {}}  # noqa: RUF012 - Sphinx's own class attribute

    @property
    def shown(self) -> dict[str, str]:
        """A digest of the day each page shows, by document."""
        return self.data.setdefault("shown", {})  # type: ignore[no-any-return]

    def clear_doc(self, docname: str) -> None:
        """Forget a page that is read again or removed."""
        self.shown.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take what a parallel reader saw."""
        for docname, digest in otherdata.get("shown", {}).items():
            if docname in docnames:
                self.shown[docname] = digest


def _domain(env: BuildEnvironment) -> DayDomain:
    domain = env.get_domain(DayDomain.name)
    assert isinstance(domain, DayDomain)
    return domain


def _what(booklet: Booklet, index: int) -> str:
    """ "Invited talk: Hagay Lupesko, Zero to 50…", "Oral: Bit by Bit…", "Lunch Break"."""
    program = booklet.program
    slot = program.schedule[index]
    paper = booklet.talk(index)
    speaker = program.speaker(slot.speaker) if slot.speaker else None
    title = readable(paper.title) if paper else readable(slot.title)
    if speaker is not None:
        title = f"{speaker.name}, {title}" if title else speaker.name
    title = title or slot.kind.label
    return title if title.startswith(slot.kind.label) else f"{slot.kind.label}: {title}"


def _items(booklet: Booklet) -> list[tuple[str, str, str, str, str]]:
    """Each slot: its time as written, its start and end, what it is, its anchor."""
    program = booklet.program
    return [
        (
            time_range(slot),
            slot.start.isoformat(),
            slot.end.isoformat() if slot.end else "",
            _what(booklet, index),
            slot_anchor(program, index),
        )
        for index, slot in enumerate(program.schedule)
    ]


def _digest(booklet: Booklet) -> str:
    workshop = booklet.program.workshop
    shown = (workshop.date, workshop.room, workshop.venue, workshop.timezone, _items(booklet))
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def _xref(docname: str, target: str, text: str, kind: str) -> addnodes.pending_xref:
    if kind == "doc":
        target = posixpath.relpath(target, posixpath.dirname(docname) or ".")
    node: addnodes.pending_xref = addnodes.pending_xref(
        "", refdomain="std", reftype=kind, reftarget=target, refexplicit=True, refwarn=True
    )
    node["refdoc"] = docname
    node += nodes.inline(text, text)
    return node


def _day(booklet: Booklet, docname: str) -> nodes.Element:
    program = booklet.program
    workshop = program.workshop
    box = nodes.container(classes=["fomo-day"])
    when = nodes.paragraph(classes=["fomo-day-when"])
    when += nodes.strong(text=long_date(workshop.date))
    place = ", ".join(part for part in (workshop.room, workshop.venue) if part)
    if place:
        when += nodes.Text(f" · {place}")
    box += when
    if not program.schedule:
        box += nodes.paragraph(text="The schedule will be announced.")
        return box
    first = program.schedule[0].start
    zone = nodes.paragraph(classes=["fomo-day-zone"])
    zone += nodes.Text("Times: ")
    zone += zone_label("", first.tzname() or "", zone=workshop.timezone)
    zone += nodes.Text(" ")
    zone += zone_switch(zone=workshop.timezone)
    box += zone
    box += day_status()
    items = nodes.bullet_list(classes=["fomo-day-slots"])
    for text, start, end, what, anchor in _items(booklet):
        entry = nodes.paragraph()
        entry += moment("", text, start=start, end=end)
        entry += nodes.Text(" ")
        entry += _xref(docname, anchor, what, "ref")
        items += nodes.list_item("", entry)
    box += items
    links = nodes.paragraph(classes=["fomo-day-links"])
    for number, (target, text) in enumerate(
        (("program/schedule", "The full schedule"), (AGENDA, "My agenda"),
         ("program/posters", "Posters by board"))
    ):  # fmt: skip
        if number:
            links += nodes.Text(" · ")
        links += _xref(docname, target, text, "doc")
    box += links
    return box


def _fill(app: Sphinx, doctree: nodes.document) -> None:
    placeholders = list(doctree.findall(day_placeholder))
    build = state.of(app)
    if not placeholders or build is None:
        return
    docname = app.env.docname
    for placeholder in placeholders:
        only = addnodes.only(expr="html")
        only += _day(build.booklet, docname)
        placeholder.replace_self(only)
    _domain(app.env).shown[docname] = _digest(build.booklet)


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Pages that show a day other than this build's."""
    build = state.of(app)
    if build is None:
        return []
    now = _digest(build.booklet)
    return sorted(doc for doc, seen in _domain(env).shown.items() if seen != now)


def _visit_status(translator: HTML5Translator, node: day_status) -> None:
    translator.body.append('<p class="fomo-day-status" aria-live="polite" hidden></p>\n')
    raise nodes.SkipNode


def _skip(translator: SphinxTranslator, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive and what keeps its pages up to date."""
    skip = (_skip, None)
    app.add_node(day_placeholder, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_node(
        day_status, html=(_visit_status, None), latex=skip, text=skip, man=skip, texinfo=skip
    )
    app.add_directive("fomoproc-day", DayDirective)
    app.add_domain(DayDomain)
    app.connect("doctree-read", _fill)
    app.connect("env-get-outdated", _outdated)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
