"""Where things are: anchors of the schedule's slots and of people, stable and unique.

Anchors are ASCII whatever the script of what they name (``王芳`` is ``speaker-wangfang``),
the same at every build of the same program, and never the same for two things: names
that read alike get a digest of what they name, never a counter that another name could
equal.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from anyascii import anyascii

from fomoproc.model import Program

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
#: The prefixes of the anchors of the schedule's slots and of the speakers' cards.
SLOT_ANCHOR, SPEAKER_ANCHOR = "slot-", "speaker-"


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Jürgen Müller" -> "jurgen-muller"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("-", anyascii(stripped).casefold()).strip("-")


def unique_slugs(keys: Iterable[str]) -> dict[str, str]:
    """Each key's slug; keys whose slugs clash (or are empty) get a digest of the key."""
    found = {key: slug(key) for key in keys}
    counts = Counter(found.values())
    for key, value in found.items():
        if not value or counts[value] > 1:
            digest = hashlib.blake2b(key.encode(), digest_size=3).hexdigest()
            found[key] = f"{value}-{digest}" if value else digest
    return found


def slot_anchor(program: Program, index: int) -> str:
    """The anchor of a slot on the schedule page: its kind and rank among slots of that
    kind ("slot-oral-2", "slot-poster-session-1")."""
    kind = program.schedule[index].kind
    rank = sum(1 for slot in program.schedule[: index + 1] if slot.kind is kind)
    return f"{SLOT_ANCHOR}{kind.value}-{rank}"


def speaker_anchors(program: Program) -> dict[str, str]:
    """The anchor of each invited speaker's card on the people page, by person id."""
    slugs = unique_slugs(person.id for person in program.speakers)
    return {person_id: f"{SPEAKER_ANCHOR}{value}" for person_id, value in slugs.items()}
