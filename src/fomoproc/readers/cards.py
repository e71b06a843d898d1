"""A workshop site's people cards (al-folio Jekyll pages) turned into program-file entries.

Each card is a Markdown file whose YAML front matter says who: ``title`` (HTML such
as ``<b>Dan</b> <br> Fu``), ``description`` (the affiliation), ``img``, ``redirect``
(the person's link), ``importance`` (the sort key; ties are common) and
``category``: speaker, organizer, panelist, sponsor, or none for a hidden card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import tomli_w
import yaml

from fomoproc.errors import InputError
from fomoproc.readers.files import NESTED
from fomoproc.text import clean_line

#: Card category -> the program file's table of that group.
GROUPS = {
    "speaker": "speakers",
    "panelist": "panelists",
    "organizer": "organizers",
    "sponsor": "sponsors",
}
HIDDEN = "none"
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*$", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Card:
    """One card as the site shows it."""

    file: str  # the card's file name: its id in the program file is the stem
    name: str
    affiliation: str
    image: str
    link: str
    importance: int | None
    category: str


class _Text(HTMLParser):
    """The text of an HTML fragment: tags dropped, line breaks and blocks as spaces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "p", "div", "li"}:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(fragment: str) -> str:
    """Plain text of a card title: ``<b>Dan</b> <br> Fu`` -> ``Dan Fu``."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return clean_line(unescape("".join(parser.parts)))


def _text(meta: dict[str, Any], key: str, where: str, errors: list[str]) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, bool | list | dict):
        errors.append(f"{where}: {key}: expected text, got {value!r}")
        return ""
    return clean_line(str(value))


def read_card(path: Path, errors: list[str]) -> Card | None:
    """One card, or None with the reasons appended to ``errors``."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        errors.append(f"{where}: cannot read the card: {err}")
        return None
    match = _FRONT_MATTER.match(text)
    if match is None:
        errors.append(f"{where}: no front matter (a block between two '---' lines)")
        return None
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" (line {mark.line + 2})" if mark is not None else ""
        errors.append(f"{where}: front matter is not valid YAML{line}")
        return None
    except RecursionError:
        errors.append(f"{where}: front matter {NESTED}")
        return None
    if not isinstance(meta, dict):
        errors.append(f"{where}: front matter is not a table of fields")
        return None
    count = len(errors)
    name = html_text(_text(meta, "title", where, errors))
    if not name and len(errors) == count:
        errors.append(f"{where}: title: missing (the person's name)")
    category = _text(meta, "category", where, errors).casefold() or HIDDEN
    if category != HIDDEN and category not in GROUPS:
        errors.append(
            f"{where}: category: unknown {category!r} (expected {', '.join([*GROUPS, HIDDEN])})"
        )
    importance = meta.get("importance")
    if importance is not None and (not isinstance(importance, int) or isinstance(importance, bool)):
        errors.append(f"{where}: importance: expected a whole number, got {importance!r}")
        importance = None
    card = Card(
        file=path.name,
        name=name,
        affiliation=html_text(_text(meta, "description", where, errors)),
        image=_text(meta, "img", where, errors),
        link=_text(meta, "redirect", where, errors),
        importance=importance,
        category=category,
    )
    return card if len(errors) == count else None


def read_cards(folder: Path) -> list[Card]:
    """Every card of a folder (``*.md``, ``*.markdown``, ``*.html``), or one InputError."""
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder of cards")
    paths = sorted(
        p for p in folder.iterdir() if p.suffix in {".md", ".markdown", ".html"} and p.is_file()
    )
    if not paths:
        raise InputError(str(folder), "no cards (*.md files with front matter) in it")
    errors: list[str] = []
    cards = [card for path in paths if (card := read_card(path, errors)) is not None]
    if errors:
        raise InputError(str(folder), "; ".join(errors))
    return cards


def _order(card: Card) -> tuple[bool, int, str, str]:
    # The site sorts by importance alone; equal ones are put in name order, then file order.
    return (card.importance is None, card.importance or 0, card.name.casefold(), card.file)


def program_entries(cards: list[Card], source: str = "") -> str:
    """The cards as program-file TOML: [[speakers]], [[panelists]], [[organizers]], [[sponsors]]."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for group in GROUPS.values():
        members = sorted((c for c in cards if GROUPS.get(c.category) == group), key=_order)
        if not members:
            continue
        tables[group] = []
        for card in members:
            entry: dict[str, Any] = {"id": clean_line(Path(card.file).stem), "name": card.name}
            if card.affiliation and group != "sponsors":
                entry["affiliation"] = card.affiliation
            if card.link:
                entry["url"] = card.link
            if card.image:
                entry["logo" if group == "sponsors" else "photo"] = card.image
            if card.importance is not None:
                entry["order"] = card.importance
            tables[group].append(entry)
    # File names go into comments: one line each, whatever characters the names hold.
    hidden = sorted(clean_line(c.file) for c in cards if c.category == HIDDEN)
    header = [f"# Imported by `fomoproc import-cards` from {clean_line(source) or 'the cards'}."]
    header.append(
        "# Photos are the site's paths: copy the images under docs/ (or use http(s) URLs)."
    )
    if hidden:
        header.append(f"# Hidden cards (category: none), left out: {', '.join(hidden)}.")
    # One [[group]] table per person, as people write program files (tomli_w alone would
    # inline short tables); each line's value is quoted by tomli_w.
    blocks = [
        f"[[{group}]]\n" + "".join(tomli_w.dumps({key: value}) for key, value in entry.items())
        for group, entries in tables.items()
        for entry in entries
    ]
    return "\n".join(header) + "\n\n" + "\n".join(blocks)
