"""Times in the venue's zone or the reader's: ``<time>`` elements one small script rewrites.

The writers put every time of the day as a ``{fomoproc-time}`` role (the venue's words
and the instant, :func:`fomoproc.writers.myst.moment`), the zone's name as a
``{fomoproc-zone}`` role, and where a reader may choose, a ``{fomoproc-zone-switch}``. In
HTML they are ``<time datetime="2025-07-18T10:30:00-07:00">10:30–10:45 AM</time>``, a
``<span class="fomo-zone">`` and an empty ``<span class="fomo-tz-switch">``; the venue's
times stay in the page for readers without JavaScript. ``fomoproc-times.js``, loaded only
by pages that have them, puts the switch in, shows the times in the zone the reader chose
(remembered in ``localStorage``, each labelled, "+1 day" where the date changes) and marks
the slots on now and next. In the PDF the roles are their words, and the switch nothing.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import ReferenceRole, SphinxRole, SphinxTranslator
from sphinx.writers.html5 import HTML5Translator

from fomoproc import __version__

SCRIPT = "fomoproc-times.js"
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?[+-]\d\d:\d\d")
_ZONE = re.compile(r"[A-Za-z0-9_+/-]+")


class moment(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """A time of the day: ``start`` (and ``end``) ISO 8601 with the offset."""


class zone_label(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """The venue zone's name, as written; ``zone`` is its IANA name."""


class zone_switch(nodes.Inline, nodes.Element):  # type: ignore[misc]
    """Where the site's script puts the switch between the two zones."""


class TimeRole(ReferenceRole):
    """``{fomoproc-time}`10:30–10:45 AM <START[/END]>```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        start, _, end = self.target.partition("/")
        if (
            not self.has_explicit_title
            or not _ISO.fullmatch(start)
            or (end and not _ISO.fullmatch(end))
        ):
            message = self.inliner.reporter.error(
                f"fomoproc-time: {self.text!r} is not 'words <ISO start[/ISO end]>'",
                line=self.lineno,
            )
            return [], [message]
        return [moment(self.rawtext, self.title, start=start, end=end)], []


class ZoneRole(ReferenceRole):
    """``{fomoproc-zone}`PDT <America/Vancouver>```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if not self.has_explicit_title or not _ZONE.fullmatch(self.target):
            message = self.inliner.reporter.error(
                f"fomoproc-zone: {self.text!r} is not 'words <IANA zone>'", line=self.lineno
            )
            return [], [message]
        return [zone_label(self.rawtext, self.title, zone=self.target)], []


class SwitchRole(SphinxRole):
    """``{fomoproc-zone-switch}`America/Vancouver```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if not _ZONE.fullmatch(self.text):
            message = self.inliner.reporter.error(
                f"fomoproc-zone-switch: {self.text!r} is not an IANA zone", line=self.lineno
            )
            return [], [message]
        return [zone_switch(zone=self.text)], []


def _visit_moment(translator: HTML5Translator, node: moment) -> None:
    attributes = {"datetime": node["start"]}
    if node["end"]:
        attributes["data-end"] = node["end"]
    translator.body.append(translator.starttag(node, "time", "", CLASS="fomo-time", **attributes))


def _depart_moment(translator: HTML5Translator, node: moment) -> None:
    translator.body.append("</time>")


def _visit_zone(translator: HTML5Translator, node: zone_label) -> None:
    form = "long" if " " in node.astext() else "short"
    translator.body.append(
        translator.starttag(
            node, "span", "", CLASS="fomo-zone", **{"data-zone": node["zone"], "data-form": form}
        )
    )


def _depart_zone(translator: HTML5Translator, node: zone_label) -> None:
    translator.body.append("</span>")


def _visit_switch(translator: HTML5Translator, node: zone_switch) -> None:
    translator.body.append(
        translator.starttag(node, "span", "", CLASS="fomo-tz-switch", **{"data-zone": node["zone"]})
        + "</span>"
    )
    raise nodes.SkipNode


def _words(translator: SphinxTranslator, node: nodes.Element) -> None:
    """Other formats print the words as they are."""


def _skip(translator: SphinxTranslator, node: nodes.Element) -> None:
    raise nodes.SkipNode


#: Nodes whose page needs the script (:mod:`.day` and :mod:`.agenda` add theirs).
TIMED: tuple[type[nodes.Element], ...] = (moment, zone_label, zone_switch)


def needs_script(doctree: nodes.document | None) -> bool:
    """Whether a page shows times the script rewrites."""
    return doctree is not None and any(
        True for _ in doctree.findall(lambda n: isinstance(n, TIMED))
    )


def _add_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if needs_script(doctree) or context.get("fomoproc_times"):
        app.add_js_file(SCRIPT, loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the roles, their nodes and the script of the pages that have them."""
    words, skip = (_words, _words), (_skip, None)
    for node, html in (
        (moment, (_visit_moment, _depart_moment)),
        (zone_label, (_visit_zone, _depart_zone)),
    ):
        app.add_node(node, html=html, latex=words, text=words, man=words, texinfo=words)
    app.add_node(
        zone_switch, html=(_visit_switch, None), latex=skip, text=skip, man=skip, texinfo=skip
    )
    app.add_role("fomoproc-time", TimeRole())
    app.add_role("fomoproc-zone", ZoneRole())
    app.add_role("fomoproc-zone-switch", SwitchRole())
    app.connect("html-page-context", _add_script)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
