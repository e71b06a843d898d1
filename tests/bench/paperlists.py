"""Benchmark exports: real paperlists records converted to OpenReview API v2 notes.

The records come from papercopilot/paperlists (``../shared/data/paperlists``): COLM 2025
(abstracts, keywords), ICML 2024 (Oral/Spotlight/Poster, profile ids, affiliations) and
ICML 2025 (titles with LaTeX, ``", "``-separated names). They are interleaved so that every
size mixes the three; a record without an abstract borrows one (and its keywords) from
COLM 2025. Every twentieth accepted paper is followed by a rejected submission, as in a real
venue export, which the reader must filter out.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SOURCES = ("colm2025.json", "icml2024.json", "icml2025.json")
KINDS = {"oral": "Oral", "spotlight": "Spotlight", "poster": "Poster"}
EPOCH_MS = 1_747_968_208_963  # 23 May 2025: when ES-FoMo III's submissions were made


class DataMissing(Exception):
    """The paperlists files are not there (a clone without ../shared)."""


def load(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """The paperlists files of ``folder`` that exist, by file name."""
    found = {name: folder / name for name in SOURCES if (folder / name).is_file()}
    if "colm2025.json" not in found:
        raise DataMissing(f"{folder}/colm2025.json is missing (it gives the abstracts)")
    return {name: json.loads(path.read_text(encoding="utf-8")) for name, path in found.items()}


def available(records: dict[str, list[dict[str, Any]]]) -> int:
    """How many accepted papers an export made from ``records`` can have."""
    return sum(len(r) for r in records.values())


def _interleaved(records: dict[str, list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    lists = [records[name] for name in SOURCES if name in records]
    for index in range(max(len(r) for r in lists)):
        for items in lists:
            if index < len(items):
                yield items[index]


def _names(record: dict[str, Any]) -> list[str]:
    raw = str(record.get("author") or "")
    parts = raw.split(";") if ";" in raw else raw.split(", ")
    return [p.strip() for p in parts if p.strip()]


def _profile(name: str, index: int) -> str:
    return "~" + re.sub(r"\s+", "_", name.strip()) + str(index % 9 + 1)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def note(record: dict[str, Any], number: int, donor: dict[str, Any], group: str) -> dict[str, Any]:
    """One accepted paper as an OpenReview v2 note of ``group``."""
    forum = re.sub(r"[^A-Za-z0-9_-]", "", str(record["id"]))[:64]
    names = _names(record)
    ids = [i.strip() for i in str(record.get("authorids") or "").split(";")]
    if len(ids) != len(names) or not all(ids):
        ids = [_profile(name, n) for n, name in enumerate(names)]
    abstract = record.get("abstract") or donor["abstract"]
    keywords = record.get("keywords") or donor.get("keywords") or ""
    status = str(record.get("status") or "Poster").casefold()
    kind = next((label for word, label in KINDS.items() if word in status), "Poster")
    short = group.rsplit("/", maxsplit=1)[-1].replace("-", " ")
    title = str(record["title"])
    first = names[0].split()[-1].casefold() if names else "anonymous"
    word = re.sub(r"[^a-z]", "", title.split(maxsplit=1)[0].casefold()) or "paper"
    bibtex = (
        f"@inproceedings{{\n{first}2025{word},\ntitle={{{title}}},\n"
        f"author={{{' and '.join(names)}}},\nbooktitle={{{short}}},\nyear={{2025}},\n"
        f"url={{https://openreview.net/forum?id={forum}}}\n}}"
    )
    content: dict[str, Any] = {
        "title": {"value": title},
        "authors": {"value": names},
        "authorids": {"value": ids},
        "keywords": {"value": [k.strip() for k in keywords.split(";") if k.strip()]},
        "abstract": {"value": abstract},
        "pdf": {"value": f"/pdf/{_digest(forum)}.pdf"},
        "venue": {"value": f"{short} @ ICML 2025 {kind}"},
        "venueid": {"value": group},
        "_bibtex": {"value": bibtex},
    }
    if record.get("tldr"):
        content["TLDR"] = {"value": record["tldr"]}
    return {
        "id": forum,
        "forum": forum,
        "number": number,
        "cdate": EPOCH_MS + number * 1000,
        "mdate": EPOCH_MS + number * 1000 + 86_400_000,
        "domain": group,
        "invitations": [f"{group}/-/Submission", f"{group}/Submission{number}/-/Camera_Ready"],
        "readers": ["everyone"],
        "license": "CC BY 4.0",
        "version": 2,
        "content": content,
    }


def notes(records: dict[str, list[dict[str, Any]]], count: int, group: str) -> list[dict[str, Any]]:
    """``count`` accepted notes of ``group``, with a rejected one after every twentieth."""
    donors = [r for r in records["colm2025.json"] if r.get("abstract")]
    out: list[dict[str, Any]] = []
    for position, record in enumerate(_interleaved(records)):
        if position == count:
            break
        number = len(out) + 1
        out.append(note(record, number, donors[position % len(donors)], group))
        if position % 20 == 19:
            rejected = note(record, number + 1, donors[-1 - position % len(donors)], group)
            rejected["id"] = rejected["forum"] = f"rej{number:05d}{rejected['id']}"[:64]
            rejected["content"]["venueid"] = {"value": f"{group}/Rejected_Submission"}
            rejected["content"]["venue"] = {"value": "Submitted to ES-FoMo III"}
            out.append(rejected)
    return out


def write(path: Path, items: list[dict[str, Any]]) -> None:
    """Write ``{"notes": [...]}`` as OpenReview's API returns it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"notes": items}, ensure_ascii=False, indent=1), encoding="utf-8")
