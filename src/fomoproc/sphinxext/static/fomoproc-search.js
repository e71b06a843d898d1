/* fomoproc: Sphinx's search, with the whole result list shown at once.
 *
 * Sphinx's searchtools.js shows one result every 5 ms and fetches each result's page to cut
 * a snippet from it: with thousands of papers a common word takes minutes. This keeps its
 * index, query parsing and ranking (Search._parseQuery, Search._performSearch) and replaces
 * only the display: the first results at once, the rest in large batches, each snippet taken
 * from FOMOPROC_SEARCH_SUMMARIES (fomoproc-search-data.js, whose address this script's tag
 * gives). A page without a summary still gets its snippet the way Sphinx gets it.
 */
"use strict";
(() => {
  if (typeof Search === "undefined" || !Search._parseQuery || !Search._performSearch) return;

  const FIRST_BATCH = 50;
  const BATCH = 1000;

  // The first results need only Sphinx's index: the summaries are loaded once it has come
  // (fetched and parsed beside it, they held it up), and snippets are added to the results
  // shown before the summaries arrived.
  const dataAddress = document.currentScript && document.currentScript.dataset.summaries;
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
  // `text` into `element`, each occurrence of a term (any case) in a span.highlighted.
  const addText = (element, text, highlightTerms) => {
    const lower = text.toLowerCase();
    if (!highlighting() || !highlightTerms.size || lower.length !== text.length) {
      element.append(text);
      if (lower.length !== text.length) highlight(element, highlightTerms);
      return;
    }
    let pos = 0;
    while (pos < text.length) {
      let start = -1;
      let length = 0;
      highlightTerms.forEach((term) => {
        const at = term ? lower.indexOf(term, pos) : -1;
        if (at !== -1 && (start === -1 || at < start || (at === start && term.length > length))) {
          start = at;
          length = term.length;
        }
      });
      if (start === -1) break;
      if (start > pos) element.append(text.slice(pos, start));
      const span = document.createElement("span");
      span.className = "highlighted";
      span.textContent = text.slice(start, start + length);
      element.append(span);
      pos = start + length;
    }
    if (pos < text.length) element.append(text.slice(pos));
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
    const summary = (window.FOMOPROC_SEARCH_SUMMARIES || {})[docName];
    if (summary !== undefined) {
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
