"""OpenReview API v2 notes: a JSON list, the raw ``{"notes": [...]}`` response, or JSON Lines.

Content fields are wrapped as ``{"value": ...}``. A note is accepted when its
``venueid`` is the workshop's group id; the free-text ``venue`` says oral,
spotlight or poster. Authors are two parallel lists (``authors``,
``authorids``) or, since 2026, one list of objects (``fullname``, ``username``,
``institutions``). ``number`` may be missing (openreview-py's ``to_json()``
drops it).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fomoproc.model import Severity
from fomoproc.readers.intake import RawAuthor, Record, not_a_note, split_list

# Where venueid is not the workshop's, its last part says why.
_EXCLUDED_SUFFIXES = {
    "Rejected_Submission": "rejected",
    "Withdrawn_Submission": "withdrawn",
    "Desk_Rejected_Submission": "desk-rejected",
}


def notes_of(data: Any) -> list[Any] | None:
    """The notes of a parsed export, or None when it is not a list of notes."""
    if isinstance(data, dict) and isinstance(data.get("notes"), list):
        return list(data["notes"])
    return data if isinstance(data, list) else None


def is_v2(notes: list[Any]) -> bool:
    """Whether these notes have v2's wrapped content values (or say they are version 2)."""
    for note in notes[:50]:
        if not isinstance(note, dict):
            continue
        if note.get("version") == 2 or "invitations" in note:
            return True
        content = note.get("content")
        if isinstance(content, dict) and any(
            isinstance(v, dict) and "value" in v for v in content.values()
        ):
            return True
    return False


def value(content: dict[str, Any], name: str) -> Any:
    """A content field, unwrapped from v2's ``{"value": ...}``."""
    item = content.get(name)
    if isinstance(item, dict) and "value" in item:
        return item["value"]
    return item


def infer_group(notes: list[Any]) -> str:
    """The venue these notes belong to, when no program names it: their ``domain`` or venueid."""
    domains: Counter[str] = Counter()
    venues: Counter[str] = Counter()
    for note in notes:
        if not isinstance(note, dict):
            continue
        if isinstance(note.get("domain"), str):
            domains[note["domain"]] += 1
        content = note.get("content")
        venueid = value(content, "venueid") if isinstance(content, dict) else None
        if isinstance(venueid, str) and venueid:
            group, _, suffix = venueid.rpartition("/")
            venues[group if suffix in _EXCLUDED_SUFFIXES else venueid] += 1
    for counts in (domains, venues):
        if counts:
            return min(counts, key=lambda g: (-counts[g], g))
    return ""


def records(notes: list[Any], group_id: str) -> list[Record]:
    """One record per note; notes of other venues are marked excluded, with the reason."""
    return [record(position, note, group_id) for position, note in enumerate(notes, 1)]


def record(position: int, note: Any, group_id: str) -> Record:
    """The record of one v2 note."""
    if not isinstance(note, dict) or not isinstance(note.get("content"), dict):
        return not_a_note(position)
    content: dict[str, Any] = note["content"]
    raw_id = note.get("forum") or note.get("id")
    item = Record(
        position=position,
        id=raw_id,
        number=note.get("number"),
        title=value(content, "title"),
        abstract=value(content, "abstract"),
        keywords=value(content, "keywords"),
        tldr=value(content, "TLDR") or value(content, "TL;DR"),
        kind_text=value(content, "venue"),
        pdf=value(content, "pdf"),
        code=value(content, "code"),
        bibtex=value(content, "_bibtex"),
    )
    item.authors = authors(item, value(content, "authors"), value(content, "authorids"))
    venueid = value(content, "venueid")
    if venueid != group_id:
        item.excluded = not_accepted_reason(venueid, group_id)
    return item


def not_accepted_reason(venueid: Any, group_id: str) -> str:
    """Why a note whose venueid is not the workshop's is left out."""
    if not isinstance(venueid, str) or not venueid:
        return "no venueid: not a decided submission of this venue"
    group, _, suffix = venueid.rpartition("/")
    if group == group_id and suffix in _EXCLUDED_SUFFIXES:
        return _EXCLUDED_SUFFIXES[suffix]
    return f"not in this venue (venueid {venueid})"


def authors(item: Record, names_value: Any, ids_value: Any) -> list[RawAuthor]:
    """Authors from parallel name and id lists, or from v2's newer list of objects."""
    names = split_list(names_value, ",")
    if names is None:
        if names_value is not None:
            item.notes.append(
                ("authors", Severity.WARNING, f"expected a list, got {type(names_value).__name__}")
            )
        return []
    ids = split_list(ids_value, ",") or []
    if ids and len(ids) != len(names):
        # Which id belongs to whom is unknowable: attach none rather than guess.
        item.notes.append(
            (
                "authorids",
                Severity.WARNING,
                f"{len(names)} authors but {len(ids)} author ids: ids left out, "
                "so these authors are told apart by name only",
            )
        )
        ids = []
    result = []
    for index, entry in enumerate(names):
        if isinstance(entry, dict):
            institutions = entry.get("institutions")
            result.append(
                RawAuthor(
                    name=entry.get("fullname"),
                    profile_id=entry.get("username"),
                    affiliation="; ".join(
                        str(i["name"])
                        for i in (institutions if isinstance(institutions, list) else [])
                        if isinstance(i, dict) and isinstance(i.get("name"), str) and i["name"]
                    ),
                )
            )
        else:
            result.append(RawAuthor(name=entry, profile_id=ids[index] if ids else None))
    return result
