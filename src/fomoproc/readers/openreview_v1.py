"""OpenReview API v1 notes: bare content values, a singular ``invitation``, decisions as replies.

Two shapes are read: the API's ``{"notes": [...]}`` (or a list of notes) where
decision notes sit beside the submissions and point to them with ``forum``,
and crawler output ``[{"venue": ..., "submissions": [note, ...]}]`` where each
submission carries its replies in ``notes``. A submission is accepted when its
decision (``content.decision``) says so; without a decision note, ``venueid``
or ``venue`` decide, as in API v2.
"""

from __future__ import annotations

from typing import Any

from fomoproc.readers.intake import Record, exclusion_from, kind_from, not_a_note
from fomoproc.readers.openreview import authors, not_accepted_reason


def notes_of(data: Any) -> list[Any] | None:
    """All notes of a parsed v1 file (submissions and replies), or None when it has none."""
    if isinstance(data, dict) and isinstance(data.get("notes"), list):
        data = data["notes"]
    if not isinstance(data, list):
        return None
    if data and all(isinstance(d, dict) and isinstance(d.get("submissions"), list) for d in data):
        notes: list[Any] = []
        for venue in data:
            for submission in venue["submissions"]:
                notes.append(submission)
                replies = submission.get("notes") if isinstance(submission, dict) else None
                notes.extend(r for r in replies or [] if isinstance(r, dict))
        return notes
    return data


def is_crawl(data: Any) -> bool:
    """Whether this is crawler output: a list of venues each with ``submissions``."""
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(d, dict) and isinstance(d.get("submissions"), list) for d in data)
    )


def _is_reply(note: Any) -> bool:
    return (
        isinstance(note, dict)
        and isinstance(note.get("replyto"), str)
        and bool(note["replyto"])
        and note.get("replyto") != note.get("id")
    )


def _decision(note: dict[str, Any]) -> str | None:
    content = note.get("content")
    if not isinstance(content, dict):
        return None
    invitation = note.get("invitation")
    decision = content.get("decision")
    if isinstance(decision, str) and (
        not isinstance(invitation, str)
        or invitation.endswith(("/Decision", "/Acceptance"))
        or "decision" in invitation.casefold()
    ):
        return decision
    return None


def records(notes: list[Any], group_id: str) -> tuple[list[Record], int]:
    """One record per submission; also the number of replies read (decisions, reviews)."""
    decisions: dict[str, str] = {}
    submissions: list[Any] = []
    replies = 0
    for note in notes:
        if _is_reply(note):
            replies += 1
            found = _decision(note)
            forum = note.get("forum")
            if found is not None and isinstance(forum, str):
                decisions[forum] = found
        else:
            submissions.append(note)
    return [
        record(position, note, group_id, decisions) for position, note in enumerate(submissions, 1)
    ], replies


def record(position: int, note: Any, group_id: str, decisions: dict[str, str]) -> Record:
    """The record of one v1 submission, its decision looked up among the replies."""
    if not isinstance(note, dict) or not isinstance(note.get("content"), dict):
        return not_a_note(position)
    content: dict[str, Any] = note["content"]
    forum = note.get("forum") or note.get("id")
    decision = decisions.get(forum) if isinstance(forum, str) else None
    venue = content.get("venue")
    item = Record(
        position=position,
        id=forum,
        number=note.get("number"),
        title=content.get("title"),
        abstract=content.get("abstract"),
        keywords=content.get("keywords"),
        tldr=content.get("TL;DR") or content.get("TLDR"),
        pdf=content.get("pdf"),
        code=content.get("code"),
        bibtex=content.get("_bibtex"),
    )
    item.authors = authors(item, content.get("authors"), content.get("authorids"))
    invitation = note.get("invitation")
    if isinstance(invitation, str) and exclusion_from(invitation.rpartition("/")[2]):
        item.excluded = exclusion_from(invitation.rpartition("/")[2])
    elif decision is not None:
        item.kind_text, item.kind_field = decision, "decision"
        item.excluded = exclusion_from(decision)
        if not item.excluded and "accept" not in decision.casefold() and not kind_from(decision):
            item.excluded = f"decision {decision!r} is not an acceptance"
    elif content.get("venueid") is not None:
        item.kind_text = venue
        if content.get("venueid") != group_id:
            item.excluded = not_accepted_reason(content.get("venueid"), group_id)
    elif isinstance(venue, str) and venue.strip():
        item.kind_text = venue
        item.excluded = exclusion_from(venue)
        if not item.excluded and venue.casefold().startswith("submitted to"):
            item.excluded = f"not accepted (venue {venue!r})"
    else:
        item.excluded = "no decision: no decision note and no venue"
    return item
