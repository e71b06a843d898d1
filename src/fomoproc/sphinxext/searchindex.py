"""Sphinx's search index, packed: the same data, smaller and faster for the browser to load.

Sphinx writes ``searchindex.js`` as ``Search.setIndex({...})``: a JavaScript object
literal that the search page must download and parse, whole, before it shows a
result. At 5,000 papers it is 4.7 MB, two thirds of it the postings (every word's
list of documents). Written here instead:

- each posting list is a string of base-36 gaps between sorted document numbers
  (``[3, 4, 9]`` -> ``"3,1,5"``): 4.7 MB -> 3.0 MB at 5,000 papers;
- the whole index is one string that the page hands to ``JSON.parse``, which browsers
  read about twice as fast as the same data as a script;
- a word's list is unpacked when the search first asks for it (a ``Proxy`` in front of
  ``terms`` and ``titleterms``), so the page never unpacks the 20,000 lists it does not need.

Sphinx's own search code reads the result unchanged. :meth:`PackedIndex.load` reads
both this form and Sphinx's own, since an incremental build starts from the last
build's index. A paper whose title holds math is listed by its readable title
(``O(n²)``, :mod:`fomoproc.mathtext`), not by the LaTeX Sphinx takes from the page.
"""

from __future__ import annotations

import itertools
import json
import operator
from typing import IO, Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search import js_index

from fomoproc.mathtext import readable
from fomoproc.sphinxext import state
from fomoproc.text import Math, segments
from fomoproc.writers.searchdata import from_js_string, js_string

#: The index fields that map a word to the documents it is in.
POSTINGS = ("terms", "titleterms")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

# The script around the packed string: unpacks a word's documents on first use.
_PREFIX = """Search.setIndex((() => {
  const unpack = (packed) => {
    let n = 0;
    return packed ? packed.split(",").map((gap) => (n += parseInt(gap, 36))) : [];
  };
  const hasOwn = Object.prototype.hasOwnProperty;
  const lazy = (lists) => {
    const done = new Map();
    return new Proxy(lists, {
      get(target, word, receiver) {
        const value = Reflect.get(target, word, receiver);
        if (typeof value !== "string" || !hasOwn.call(target, word)) return value;
        if (!done.has(word)) done.set(word, unpack(value));
        return done.get(word);
      },
    });
  };
  const index = JSON.parse("""
_SUFFIX = """);
  for (const name of ["terms", "titleterms"]) index[name] = lazy(index[name]);
  return index;
})());
"""


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = _DIGITS[rest] + digits
        if not number:
            return digits


# Most gaps are small (a common word is in most documents): their digits, looked up, for
# every rebuild packs the whole index again.
_SMALL = [_base36(number) for number in range(36 * 36)]


def pack(documents: int | list[int]) -> str:
    """A posting list (Sphinx writes one document as a bare number; a list can be empty, of
    a word whose documents were all removed) as base-36 gaps."""
    numbers = sorted([documents] if isinstance(documents, int) else documents)
    gaps = map(operator.sub, numbers, [0, *numbers[:-1]])
    return ",".join([_SMALL[gap] if gap < len(_SMALL) else _base36(gap) for gap in gaps])


def unpack(packed: str) -> list[int]:
    """The documents of a packed posting list."""
    if not packed:
        return []
    return list(itertools.accumulate(map(int, packed.split(","), itertools.repeat(36))))


class PackedIndex:
    """A search index format for Sphinx's HTML builder (its ``indexer_format``).

    ``titles`` are documents' titles as results show them, where they differ from the text
    Sphinx takes from the page (a title's math).
    """

    def __init__(self, titles: dict[str, str] | None = None) -> None:
        self.titles = titles or {}

    def _retitled(self, data: dict[str, Any]) -> None:
        docnames = data.get("docnames", [])
        found = {n: self.titles[d] for n, d in enumerate(docnames) if d in self.titles}
        if not found:
            return
        data["titles"] = [found.get(n, title) for n, title in enumerate(data["titles"])]
        alltitles: dict[str, list[Any]] = {}
        for title, places in data.get("alltitles", {}).items():
            for place in places:
                # A page's own title (no anchor) is listed by its readable title.
                key = found[place[0]] if place[0] in found and not place[1] else title
                alltitles.setdefault(key, []).append(place)
        data["alltitles"] = alltitles

    def dumps(self, data: dict[str, Any]) -> str:
        """The index as the script the search page runs."""
        packed = dict(data)
        self._retitled(packed)
        for name in POSTINGS:
            # Sphinx keeps a word whose documents were all removed, with no document:
            # left out, the index of a rebuild is the index of a cold build.
            packed[name] = {
                word: pack(docs) for word, docs in data.get(name, {}).items() if docs != []
            }
        text = json.dumps(packed, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        return _PREFIX + js_string(text) + _SUFFIX

    def loads(self, text: str) -> Any:
        """The index Sphinx wrote, as Sphinx's data (either form); ValueError if neither."""
        if not (text.startswith(_PREFIX) and text.endswith(_SUFFIX)):
            return js_index.loads(text)  # a site last built without fomoproc's format
        data = json.loads(from_js_string(text[len(_PREFIX) : -len(_SUFFIX)]))
        if not isinstance(data, dict):
            raise ValueError("invalid data")
        for name in POSTINGS:
            data[name] = {word: unpack(packed) for word, packed in data.get(name, {}).items()}
        return data

    def dump(self, data: Any, stream: IO[str]) -> None:
        """Write the index (what Sphinx calls)."""
        stream.write(self.dumps(data))

    def load(self, stream: IO[str]) -> Any:
        """Read an index (what Sphinx calls)."""
        return self.loads(stream.read())


PACKED = PackedIndex()


def use_packed_index(app: Sphinx) -> None:
    """Make the HTML builders (html, dirhtml) write the packed index; others are left alone."""
    builder = app.builder
    if isinstance(builder, StandaloneHTMLBuilder) and builder.indexer_format is js_index:
        build = state.of(app)
        papers = build.papers if build is not None else {}
        titles = {
            docname: readable(paper.title)
            for docname, paper in papers.items()
            if any(isinstance(s, Math) for s in segments(paper.title))
        }
        builder.indexer_format = PackedIndex(titles) if titles else PACKED
