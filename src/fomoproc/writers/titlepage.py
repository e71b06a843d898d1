"""The PDF's title page, from the program: what the workshop is, when and where.

A plain page, set in ``latex_elements["maketitle"]`` unless the project sets its own. Every
value is the organizers' text, escaped once here (:mod:`.latex`).
"""

from __future__ import annotations

from fomoproc.model import Workshop
from fomoproc.writers.latex import escape
from fomoproc.writers.myst import long_date

#: The line at the foot of the page: a booklet is never proceedings.
NON_ARCHIVAL = "Non-archival: the papers in this booklet are not proceedings."


def _text(value: str) -> str:
    # A line break or a blank line in a TOML string would end a paragraph mid-title.
    return escape(" ".join(value.split()))


def title_page(workshop: Workshop) -> str:
    """A ``titlepage`` of the workshop's names, conference, day, place and non-archival note."""
    lines = [r"\begin{titlepage}", r"  \centering\vspace*{4cm}"]
    lines.append(rf"  {{\Huge\bfseries {_text(workshop.short_name)}\par}}\vspace{{0.8cm}}")
    if " ".join(workshop.name.split()) != " ".join(workshop.short_name.split()):
        lines.append(rf"  {{\LARGE {_text(workshop.name)}\par}}\vspace{{1.2cm}}")
    lines.append(r"  {\Large Program booklet\par}\vspace{1cm}")
    lines.append(rf"  {{\large Workshop at {_text(workshop.conference)}\par}}\vspace{{0.3cm}}")
    lines.append(rf"  {{\large {_text(long_date(workshop.date))}\par}}")
    place = ", ".join(_text(part) for part in (workshop.room, workshop.venue) if part.strip())
    if place:
        lines.append(rf"  \vspace{{0.3cm}}{{\large {place}\par}}")
    lines.append(r"  \vfill")
    lines.append(rf"  {{\normalsize {escape(NON_ARCHIVAL)}\par}}")
    lines.append(r"\end{titlepage}")
    return "\n" + "\n".join(lines) + "\n"
