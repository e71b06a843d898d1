"""The booklet's indexes: authors (one entry per person) and papers by keyword. Pure functions.

An author is one OpenReview profile: two people who share a display name stay two
entries (told apart by their profile ids), and one person's papers gather under
one entry even when the export spells the name differently. Authors without a
profile id are keyed by their normalised name. Entries are filed by family name
as a reader expects it: accents ignored ("Łukasz" beside "Lukas"), particles
after the given names ("Breugel, Vincent van", under B) unless the program says
otherwise, and any script sorted by its Latin transliteration ("Петров" under P).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from anyascii import anyascii

from fomoproc import names
from fomoproc.model import Booklet, IndexOptions
from fomoproc.text import clean_line


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorEntry:
    """One person of the author index."""

    key: str  # the profile id, or "name:" and the normalised name
    name: str  # as the export writes it (the most frequent spelling)
    heading: str  # "Breugel, Vincent van": how the index prints it
    sort_key: str  # ASCII letters, digits and spaces: what the index sorts by
    letter: str  # "A".."Z", or "#" for names that start with neither
    anchor: str  # unique target of the entry on the index page
    profile_id: str
    papers: tuple[str, ...]  # forum ids, in booklet order
    affiliation: str = ""  # the one their papers give most often


@dataclass(frozen=True, slots=True, kw_only=True)
class KeywordEntry:
    """One keyword and the papers that give it."""

    key: str  # casefolded, single-spaced
    label: str  # as most papers write it
    letter: str
    anchor: str
    papers: tuple[str, ...]


def normal_name(name: str) -> str:
    """A name for matching: NFC, single spaces, casefolded."""
    return clean_line(name).casefold()


@functools.lru_cache(maxsize=1 << 16)  # each name is sorted, filed and anchored
def _ascii(text: str) -> str:
    """Lower-case ASCII words: "Łukasz Zieliński" -> "lukasz zielinski", "王芳" -> "wangfang"."""
    if text.isascii():  # most names: nothing to fold
        return _NOT_ALNUM.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", anyascii(stripped).casefold()).strip()


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

#: What the anchors of the two indexes' entries start with.
AUTHOR_ANCHOR, KEYWORD_ANCHOR = "author-", "keyword-"


def _unique_anchor(taken: dict[str, int], prefix: str, folded: str) -> str:
    """ "author-breugel-vincent-van", with "-2", "-3"... for names that read alike.

    ``folded`` is the name as :func:`_ascii` gives it.
    """
    anchor = prefix + (folded.replace(" ", "-") or "x")
    count = taken[anchor] = taken.get(anchor, 0) + 1
    return anchor if count == 1 else f"{anchor}-{count}"


def _letter(sort_key: str) -> str:
    first = sort_key[:1]
    return first.upper() if first.isalpha() else "#"


def filing_parts(name: str, options: IndexOptions, profile_id: str = "") -> tuple[str, str, str]:
    """(family name as filed, the rest as printed after the comma, particles).

    "Vincent van Breugel" -> ("Breugel", "Vincent", "van"), or ("van Breugel", "Vincent",
    "") when particles come first. A name of one word (a mononym, or CJK written without
    spaces) is all family name. The split is :func:`fomoproc.names.split_name`, the one every
    citation format uses, with the program's overrides.
    """
    family = ""
    if options.family_names:  # most programs give none: no dict to make for every name
        overrides = dict(options.family_names)
        family = overrides.get(profile_id) or overrides.get(clean_line(name), "")
    if family:
        rest = clean_line(name.replace(family, " ", 1)) if family in name else ""
        return family, rest, ""
    parts = names.split_name(name)
    if parts.literal:
        return clean_line(name), "", ""
    given = ", ".join(p for p in (parts.given, parts.suffix) if p)
    if options.particles_first or not parts.particle:
        return parts.family_with_particle, given, ""
    return parts.family, given, parts.particle


def author_index(booklet: Booklet) -> list[AuthorEntry]:
    """Every author of the booklet's papers, one entry per person, in index order."""
    options = booklet.program.author_index
    spellings: dict[str, list[str]] = {}  # the name of each of a person's authorships
    papers: dict[str, list[str]] = {}
    profile: dict[str, str] = {}
    affiliations: dict[str, Counter[str]] = {}
    for paper in booklet.papers:
        for author in paper.authors:
            name = clean_line(author.name)
            if not name:
                continue
            profile_id = author.profile_id.strip()
            key = profile_id or f"name:{name.casefold()}"
            if author.affiliation:
                affiliations.setdefault(key, Counter())[clean_line(author.affiliation)] += 1
            if key not in spellings:
                spellings[key], papers[key], profile[key] = [name], [paper.id], profile_id
                continue
            spellings[key].append(name)
            if papers[key][-1] != paper.id:  # a paper that lists its author twice
                papers[key].append(paper.id)
    drafts = []
    for key, spelt in spellings.items():
        # The most frequent spelling; a tie goes to the one met first in booklet order
        # (max keeps the first of equals, and a Counter the order names came in).
        name = spelt[0] if len(spelt) == 1 else max(Counter(spelt).items(), key=_count)[0]
        family, given, particles = filing_parts(name, options, profile[key])
        heading = family + (f", {given}" if given else "") + (f" {particles}" if particles else "")
        # Its words in filing order: family name, given names, particles.
        drafts.append((_ascii(heading) or "~", heading, key, name))
    drafts.sort(key=lambda d: (d[0], d[1].casefold(), d[2]))
    headings = Counter(d[1] for d in drafts)
    entries: list[AuthorEntry] = []
    anchors: dict[str, int] = {}
    for sort_key, heading, key, name in drafts:
        shown, folded = heading, sort_key.strip("~")
        if headings[heading] > 1:  # namesakes: told apart by their OpenReview profiles
            shown = f"{heading} ({profile[key] or 'no OpenReview profile'})"
            folded = _ascii(shown)
        anchor = _unique_anchor(anchors, AUTHOR_ANCHOR, folded)
        entries.append(
            AuthorEntry(
                key=key,
                name=name,
                heading=shown,
                sort_key=sort_key,
                letter=_letter(sort_key),
                anchor=anchor,
                profile_id=profile[key],
                papers=tuple(papers[key]),
                affiliation=_most_given(affiliations.get(key)),
            )
        )
    return entries


def _most_given(counts: Counter[str] | None) -> str:
    """The most frequent; a tie goes to the first in alphabetical order."""
    return min(counts, key=lambda a: (-counts[a], a)) if counts else ""


def _count(item: tuple[str, int]) -> int:
    return item[1]


def keyword_index(booklet: Booklet) -> list[KeywordEntry]:
    """Every keyword of the booklet's papers, case and spacing ignored, in A-Z order."""
    spellings: dict[str, Counter[str]] = {}
    papers: dict[str, list[str]] = {}
    for paper in booklet.papers:
        for keyword in paper.keywords:
            label = clean_line(keyword)
            if not label:
                continue
            key = label.casefold()
            spellings.setdefault(key, Counter())[label] += 1
            listed = papers.setdefault(key, [])
            if not listed or listed[-1] != paper.id:  # two spellings in one paper: listed once
                listed.append(paper.id)
    entries: list[KeywordEntry] = []
    anchors: dict[str, int] = {}
    for key in sorted(spellings, key=lambda k: (_ascii(k), k)):
        counts = spellings[key]
        label = min(counts, key=lambda s: (-counts[s], s))
        anchor = _unique_anchor(anchors, KEYWORD_ANCHOR, _ascii(key))
        entries.append(
            KeywordEntry(
                key=key,
                label=label,
                letter=_letter(_ascii(key)),
                anchor=anchor,
                papers=tuple(papers[key]),
            )
        )
    return entries


def keyword_key(keyword: str) -> str:
    """The grouping key of a keyword as a paper writes it."""
    return clean_line(keyword).casefold()


@dataclass(frozen=True, slots=True, kw_only=True)
class Indexes:
    """Both indexes of a booklet, with look-ups for the pages that link into them."""

    authors: tuple[AuthorEntry, ...]
    keywords: tuple[KeywordEntry, ...]
    # Look-ups by key: every paper page asks for each of its authors and keywords.
    _authors: dict[str, AuthorEntry] = field(init=False, repr=False, compare=False)
    _keywords: dict[str, KeywordEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_authors", {e.key: e for e in self.authors})
        object.__setattr__(self, "_keywords", {e.key: e for e in self.keywords})

    def author(self, name: str, profile_id: str) -> AuthorEntry | None:
        """The entry of an author as a paper names them."""
        return self._authors.get(author_key(name, profile_id))

    def keyword(self, keyword: str) -> KeywordEntry | None:
        """The entry of a keyword as a paper writes it."""
        return self._keywords.get(keyword_key(keyword))


def author_key(name: str, profile_id: str) -> str:
    """The index key of an author as a paper names them: the profile, else the name."""
    return profile_id.strip() or f"name:{normal_name(name)}"


def build_indexes(booklet: Booklet) -> Indexes:
    """The author index and the keyword index of a booklet."""
    return Indexes(authors=tuple(author_index(booklet)), keywords=tuple(keyword_index(booklet)))
