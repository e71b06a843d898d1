/* fomoproc: Sphinx's search, with the whole result list shown at once.
 *
 * Sphinx's searchtools.js shows one result every 5 ms and fetches each result's page to cut
 * a snippet from it: with thousands of papers a common word takes minutes. This keeps its
 * index, query parsing and ranking (Search._parseQuery, Search._performSearch) and replaces
 * only the display: the first results at once, the rest in large batches, each snippet taken
 * from FOMOPROC_SEARCH_SUMMARIES (fomoproc-search-data.js, whose address this script's tag
 * gives). A page without a summary still gets its snippet the way Sphinx gets it.
 *
 * It also forgives accents: the index holds every word folded (fomoproc/fold.py), and the
 * query is folded here by the same rules before Sphinx stems it, so "Lukasz" finds
 * "Łukasz"; and it ranks papers above the pages that list them (the home page, the
 * papers index, the schedule: the script's data-listings) when both match alike.
 */
"use strict";

// The rules of fomoproc/fold.py: compatibility forms decomposed, the combining diacritical
// marks dropped, the Latin letters that do not decompose spelt in ASCII, the rest composed.
const FOMOPROC_LETTERS = {
  "ß": "ss", "ẞ": "SS", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O",
  "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d",
  "Ð": "D", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
};
const FOMOPROC_LETTER_RE = new RegExp(`[${Object.keys(FOMOPROC_LETTERS).join("")}]`, "g");
const foldText = (text) => {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]+/g, "")
    .replace(FOMOPROC_LETTER_RE, (letter) => FOMOPROC_LETTERS[letter])
    .normalize("NFC");
};
window.FomoprocSearch = { fold: foldText };

(() => {
  if (typeof Search === "undefined" || !Search._parseQuery || !Search._performSearch) return;

  const parseQuery = Search._parseQuery;
  Search._parseQuery = (query) => {
    const parsed = parseQuery(foldText(query));
    parsed[0] = query; // titles are matched as typed
    return parsed;
  };

  // Sphinx's scores are small integers (a word in a page's text 5, in its title 15): one
  // point less puts a listing after the papers that match as well, not after a better match.
  const script = document.currentScript;
  const listings = ((script && script.dataset.listings) || "").split(" ").filter(Boolean);
  const isListing = (docName) =>
    listings.some((page) => docName === page || docName.startsWith(`${page}/`));
  if (typeof Scorer !== "undefined" && !Scorer.score) {
    Scorer.score = (result) => result[4] - (isListing(result[0]) ? 1 : 0);
  }

  const FIRST_BATCH = 50;
  const BATCH = 1000;

  // The first results need only Sphinx's index: the summaries are loaded once it has come
  // (fetched and parsed beside it, they held it up), and snippets are added to the results
  // shown before the summaries arrived.
  const dataAddress = script && script.dataset.summaries;
  let dataState = window.FOMOPROC_SEARCH_SUMMARIES || !dataAddress ? "ready" : "waiting";
  const pending = [];
  const settle = (state) => {
    dataState = state;
    pending.splice(0).forEach((args) => addSnippet(...args));
  };
  const loadData = () => {
    if (dataState !== "waiting") return;
    dataState = "loading";
    const script = document.createElement("script");
    script.src = dataAddress;
    script.addEventListener("load", () => settle("ready"));
    script.addEventListener("error", () => settle("failed"));
    document.head.appendChild(script);
  };
  if (Search._index) {
    loadData();
  } else {
    // Sphinx's index script calls Search.setIndex, which runs a query that was waiting.
    const setIndex = Search.setIndex;
    Search.setIndex = (index) => {
      setIndex(index);
      loadData();
    };
  }

  const highlighting = () =>
    typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED;
  // What Sphinx's highlighter does to a result after the fact, walking its DOM term by term
  // (a quarter of the time of a list of thousands): done here while the text is added.
  const highlight = (element, highlightTerms) => {
    if (!highlighting() || typeof _highlightText !== "function") return;
    highlightTerms.forEach((term) => _highlightText(element, term, "highlighted"));
  };
  // The text folded and lower-cased, and where each of its characters came from: the query's
  // terms are folded, the text shown is not ("lukasz" highlights "Łukasz").
  const foldedWithPlaces = (text) => {
    if (/^[\x00-\x7f]*$/.test(text)) {
      const lower = text.toLowerCase();
      return [lower, null];
    }
    let folded = "";
    const places = [];
    let at = 0;
    for (const char of text) {
      const part = foldText(char).toLowerCase();
      folded += part;
      for (let i = 0; i < part.length; i += 1) places.push(at);
      at += char.length;
    }
    places.push(at);
    return [folded, places];
  };

  // `text` into `element`, each occurrence of a term (any case, any accent) highlighted.
  const addText = (element, text, highlightTerms) => {
    if (!highlighting() || !highlightTerms.size) {
      element.append(text);
      return;
    }
    const [folded, places] = foldedWithPlaces(text);
    const place = (i) => (places ? places[i] : i);
    let pos = 0;
    let shown = 0;
    while (pos < folded.length) {
      let start = -1;
      let length = 0;
      highlightTerms.forEach((term) => {
        const at = term ? folded.indexOf(term, pos) : -1;
        if (at !== -1 && (start === -1 || at < start || (at === start && term.length > length))) {
          start = at;
          length = term.length;
        }
      });
      if (start === -1) break;
      const [from, to] = [place(start), place(start + length)];
      if (from > shown) element.append(text.slice(shown, from));
      const span = document.createElement("span");
      span.className = "highlighted";
      span.textContent = text.slice(from, to);
      element.append(span);
      pos = start + length;
      shown = to;
    }
    if (shown < text.length) element.append(text.slice(shown));
  };

  const fetchSnippet = (item, requestUrl, searchTerms, highlightTerms, anchor) => {
    fetch(requestUrl)
      .then((response) => response.text())
      .then((data) => {
        const summary = data && Search.makeSearchSummary(data, searchTerms, anchor);
        if (!summary) return;
        item.appendChild(summary);
        highlight(summary, highlightTerms);
      })
      .catch(() => {});
  };

  const addSnippet = (item, docName, requestUrl, anchor, searchTerms, highlightTerms) => {
    const found = (window.FOMOPROC_SEARCH_SUMMARIES || {})[docName];
    if (found !== undefined) {
      // A paper's: when and where it is presented, then its authors and abstract.
      const [when, summary] = Array.isArray(found) ? found : ["", found];
      if (when) {
        const line = item.appendChild(document.createElement("p"));
        line.classList.add("fomo-result-when");
        line.textContent = when;
      }
      const context = item.appendChild(document.createElement("p"));
      context.classList.add("context");
      addText(context, summary, highlightTerms);
    } else if (DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY) {
      // A page without a summary: its snippet the way Sphinx gets it.
      fetchSnippet(item, requestUrl, searchTerms, highlightTerms, anchor);
    }
  };

  const display = (result, searchTerms, highlightTerms) => {
    const options = DOCUMENTATION_OPTIONS;
    const [docName, title, anchor, descr, score, _filename, kind] = result;
    const item = document.createElement("li");
    item.classList.add(`kind-${kind}`);
    let requestUrl = document.documentElement.dataset.content_root + docName + options.FILE_SUFFIX;
    let linkUrl = docName + options.LINK_SUFFIX;
    if (options.BUILDER === "dirhtml") {
      let dirname = docName + "/";
      if (dirname.match(/\/index\/$/)) dirname = dirname.substring(0, dirname.length - 6);
      else if (dirname === "index/") dirname = "";
      requestUrl = document.documentElement.dataset.content_root + dirname;
      linkUrl = requestUrl;
    }
    const link = item.appendChild(document.createElement("a"));
    link.href = linkUrl + anchor;
    link.dataset.score = score;
    addText(link, title, highlightTerms);
    if (descr) {
      addText(item.appendChild(document.createElement("span")), ` (${descr})`, highlightTerms);
    } else {
      const args = [item, docName, requestUrl, anchor, searchTerms, highlightTerms];
      if (dataState === "waiting" || dataState === "loading") pending.push(args);
      else addSnippet(...args);
    }
    return item;
  };

  const finish = (count) => {
    if (typeof _finishSearch === "function") {
      _finishSearch(count);
      return;
    }
    Search.stopPulse();
    Search.title.innerText = _("Search Results");
    Search.status.innerText = count
      ? Documentation.ngettext(
          "Search finished, found one page matching the search query.",
          "Search finished, found ${resultCount} pages matching the search query.",
          count,
        ).replace("${resultCount}", count)
      : Documentation.gettext("Your search did not match any documents.");
  };

  Search.query = (query) => {
    const [searchQuery, searchTerms, excludedTerms, highlightTerms, objectTerms] =
      Search._parseQuery(query);
    // Sphinx orders results for pop(), best last: show them best first.
    const results = Search._performSearch(
      searchQuery, searchTerms, excludedTerms, highlightTerms, objectTerms,
    ).reverse();
    let shown = 0;
    const showBatch = () => {
      const batch = document.createDocumentFragment();
      const end = Math.min(results.length, shown + (shown ? BATCH : FIRST_BATCH));
      for (; shown < end; shown += 1) batch.appendChild(display(results[shown], searchTerms, highlightTerms));
      Search.output.appendChild(batch);
      // Let the browser paint the first results before it builds the rest.
      if (shown < results.length) setTimeout(showBatch, 0);
      else finish(results.length);
    };
    showBatch();
  };
})();
