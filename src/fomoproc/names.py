"""Personal names split into given name, particle, family name and suffix, for citations.

OpenReview gives display names ("Boris van Breugel"); citation formats want the
parts ("van Breugel, Boris"). The split is a heuristic that every citation
writer shares, so BibTeX, CSL-JSON, RIS and the page head agree on it:

- one word is a mononym (``Purnawati``, ``王芳``): a family name alone;
- lower-case words before the last word start the family name as its particle
  (``van``, ``de la``), as do the usual particles whatever their case;
- "First Last, Jr." carries a suffix; "Last, First" is read as written;
- anything else with commas stays one literal name, never split wrongly.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from fomoproc.text import clean_line

_PARTICLES = frozenset(
    {
        *("van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du"),
        *("la", "le", "ten", "ter", "zu", "al", "el", "bin", "ibn"),
    }
)
# "V" alone is more often an initial ("Smith, V") than a fifth generation.
_SUFFIX = re.compile(r"(?:jr|sr|ii|iii|iv)\.?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name as citations need it; ``literal`` names are never split."""

    family: str
    given: str = ""
    particle: str = ""  # "van", "de la": part of the family name, written before it
    suffix: str = ""  # "Jr.", "III"
    literal: bool = False

    @property
    def family_with_particle(self) -> str:
        """ "van Breugel": the family name as it is cited."""
        return f"{self.particle} {self.family}" if self.particle else self.family

    @property
    def inverted(self) -> str:
        """ "van Breugel, Boris" ("Last, First, Suffix" as RIS and Highwire tags write it)."""
        if self.literal or not self.given:
            return ", ".join(p for p in (self.family_with_particle, self.suffix) if p)
        return ", ".join(p for p in (self.family_with_particle, self.given, self.suffix) if p)


# Every citation format and the author index split every name: the same few thousand names.
@functools.lru_cache(maxsize=1 << 16)
def split_name(name: str) -> NameParts:
    """The parts of one author's name."""
    name = clean_line(name)
    if "," not in name:
        return _split_words(name.split(), suffix="")
    parts = [p.strip() for p in name.split(",")]
    if any(not p for p in parts):
        return NameParts(family=name, literal=True)
    if len(parts) == 2 and _SUFFIX.fullmatch(parts[1]):  # "Martin Luther King, Jr."
        words = parts[0].split()
        if len(words) >= 2:
            return _split_words(words, suffix=parts[1])
        return NameParts(family=name, literal=True)
    if len(parts) == 2:  # "van Breugel, Boris"
        return _family_first(parts[0], given=parts[1], suffix="")
    if len(parts) == 3 and _SUFFIX.fullmatch(parts[1]):  # "King, Jr., Martin Luther"
        return _family_first(parts[0], given=parts[2], suffix=parts[1])
    return NameParts(family=name, literal=True)


def _is_particle(word: str) -> bool:
    return word.casefold() in _PARTICLES or word[:1].islower()


def _split_words(words: list[str], *, suffix: str) -> NameParts:
    if not words:
        return NameParts(family="", literal=True)
    if len(words) == 1:
        return NameParts(family=words[0], suffix=suffix)
    last = len(words) - 1
    start = next((i for i in range(1, last) if _is_particle(words[i])), last)
    end = start
    while end < last and _is_particle(words[end]):
        end += 1
    return NameParts(
        family=" ".join(words[end:]),
        given=" ".join(words[:start]),
        particle=" ".join(words[start:end]),
        suffix=suffix,
    )


def _family_first(family: str, *, given: str, suffix: str) -> NameParts:
    words = family.split()
    start = 0
    while start < len(words) - 1 and _is_particle(words[start]):
        start += 1
    return NameParts(
        family=" ".join(words[start:]),
        given=given,
        particle=" ".join(words[:start]),
        suffix=suffix,
    )
