"""The paperlists JSON format (papercopilot/paperlists): one flat object per paper.

Authors, profile ids and affiliations are strings joined by ``;`` (some files
join authors by ``", "`` and have no ids); ``+`` joins several affiliations of
one author; an affiliation list shorter than the author list cannot be aligned
and is left out. ``status`` is Oral, Spotlight, Poster, Reject, Withdraw or
Workshop: a conference's invitation to its workshop track, which is excluded with its
own reason unless the organizers read it as a poster (``--format paperlists-workshop``).
Some code links (``github``) are Markdown badges linking the repository.
"""

from __future__ import annotations

import re
from typing import Any

from fomoproc.model import Kind, Severity
from fomoproc.readers.intake import (
    OPENREVIEW,
    RawAuthor,
    Record,
    exclusion_from,
    kind_from,
    parallel_authors,
)

_OPENREVIEW_FORUM = f"{OPENREVIEW}/forum?id="
#: Why a record with status Workshop is left out, unless it is read as a poster.
WORKSHOP = "workshop track (status Workshop)"
# "[![github](https://img.shields.io/...) org/repo](https://github.com/org/repo)": the last
# link's address.
_MARKDOWN_LINK = re.compile(r"\]\(\s*(https?://[^\s()]+)\s*\)\s*$")


def looks_like(records: list[Any]) -> bool:
    """Whether parsed JSON records are paperlists objects (flat, with status and title)."""
    sample = [r for r in records[:50] if isinstance(r, dict)]
    return bool(sample) and all(
        "content" not in r and "title" in r and ("status" in r or "author" in r) for r in sample
    )


def _split(value: Any, separator: str) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return []
    return [part.strip() for part in value.split(separator)]


def records(items: list[Any], *, workshop_posters: bool = False) -> list[Record]:
    """One record per object; with ``workshop_posters``, status Workshop is a poster."""
    return [record(position, item, workshop_posters) for position, item in enumerate(items, 1)]


def record(position: int, item: Any, workshop_posters: bool = False) -> Record:
    """The record of one paperlists object."""
    if not isinstance(item, dict):
        return Record(
            position=position,
            excluded="not a paper record (not a JSON object)",
            notes=[("", Severity.ERROR, f"expected an object, got {type(item).__name__}")],
        )
    status = item.get("status")
    result = Record(
        position=position,
        id=item.get("id"),
        title=item.get("title"),
        abstract=item.get("abstract"),
        keywords=_split(item.get("keywords"), ";")
        if isinstance(item.get("keywords"), str)
        else item.get("keywords"),
        tldr=item.get("tldr"),
        kind_text=status,
        kind_field="status",
        pdf=_pdf(item),
        code=_code(item.get("github")),
        bibtex=item.get("bibtex"),
        openreview_url=_forum(item),
    )
    result.authors = _authors(result, item)
    if not isinstance(status, str) or not status.strip():
        result.excluded = "no status: not known to be accepted"
    elif status.strip().casefold() == "workshop":
        if workshop_posters:
            result.kind = Kind.POSTER  # the organizers' choice, as an override is
        else:
            result.excluded = WORKSHOP
    else:
        result.excluded = exclusion_from(status)
        if not result.excluded and kind_from(status) is None:
            result.excluded = f"status {status!r} is not an acceptance"
    return result


def _code(value: Any) -> Any:
    """The code link; of a Markdown link, its address."""
    if isinstance(value, str) and value.lstrip().startswith("["):
        found = _MARKDOWN_LINK.search(value)
        return found.group(1) if found else value
    return value or None


def _forum(item: dict[str, Any]) -> str:
    """The OpenReview forum link, if the record has one ("" when it has none)."""
    for name in ("or", "site"):
        link = item.get(name)
        if isinstance(link, str) and link.startswith(_OPENREVIEW_FORUM):
            return link
    forum = item.get("id")
    # Records scraped from a conference site have made-up ids ("site_a6a496aa3b").
    if isinstance(forum, str) and forum and not forum.startswith("site_") and item.get("authorids"):
        return f"{_OPENREVIEW_FORUM}{forum}"
    return ""


def _pdf(item: dict[str, Any]) -> Any:
    pdf = item.get("pdf")
    if isinstance(pdf, str) and pdf.startswith("/pdf") and not _forum(item):
        return None  # a relative OpenReview link, for a paper with no OpenReview id
    return pdf or None


def _authors(result: Record, item: dict[str, Any]) -> list[RawAuthor]:
    raw = item.get("author")
    if raw is None:
        return []
    if not isinstance(raw, str):
        result.notes.append(
            ("author", Severity.WARNING, f"expected text, got {type(raw).__name__}")
        )
        return []
    names = _split(raw, ";") if ";" in raw else _split(raw, ", ")
    ids = _split(item.get("authorids"), ";")
    affiliations = _split(item.get("aff"), ";")
    if ids and len(ids) != len(names):
        result.notes.append(
            (
                "authorids",
                Severity.WARNING,
                f"{len(names)} authors but {len(ids)} author ids: ids left out, "
                "so these authors are told apart by name only",
            )
        )
        ids = []
    if affiliations and len(affiliations) != len(names):
        # A shorter list cannot say whose affiliation is whose: attaching it by
        # position would credit authors with the wrong institution.
        result.notes.append(
            (
                "aff",
                Severity.INFO,
                f"{len(affiliations)} affiliations for {len(names)} authors: affiliations left out",
            )
        )
        affiliations = []
    return parallel_authors(names, ids, affiliations)
