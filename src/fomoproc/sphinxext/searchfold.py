"""Search that forgives accents: every word of the index folded (:mod:`fomoproc.fold`).

Sphinx stems each word of a page with its search language before it enters the index; the
language of this build's indexer is wrapped so that words are folded first. The query is
folded by the search page (``fomoproc-search.js``) before Sphinx's own code stems it, so
"Zielinski", "zieliński" and "Zieliński" are one word. Only this build's indexer is
wrapped, once it exists (Sphinx makes it when writing starts); other builds in the
process keep their languages as they are.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from fomoproc import __version__
from fomoproc.fold import fold


class FoldingLanguage(SearchLanguage):
    """A search language whose words are folded before its own stemmer sees them."""

    def __init__(self, base: SearchLanguage) -> None:
        # Not SearchLanguage.__init__: the base language is already set up.
        self.base = base
        self.lang = base.lang
        self.language_name = base.language_name
        self.stopwords = base.stopwords
        self.js_splitter_code = base.js_splitter_code
        self.js_stemmer_rawcode = base.js_stemmer_rawcode
        self.js_stemmer_code = base.js_stemmer_code
        self._word_re = base._word_re

    def split(self, input: str) -> list[str]:
        """Words as the base language splits them."""
        return self.base.split(input)

    def word_filter(self, word: str) -> bool:
        """Words the base language keeps."""
        return self.base.word_filter(word)

    def stem(self, word: str) -> str:
        """The folded word, stemmed by the base language."""
        return self.base.stem(fold(word))


def _wrap_indexer(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Before the first page is indexed (Sphinx resolves each page, then indexes it)."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None and not isinstance(indexer.lang, FoldingLanguage):
        indexer.lang = FoldingLanguage(indexer.lang)


def setup(app: Sphinx) -> dict[str, Any]:
    """Fold the words of this build's search index."""
    app.connect("doctree-resolved", _wrap_indexer)
    return {
        "version": __version__,
        # 1: words folded (an index of an earlier build held them as written).
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
