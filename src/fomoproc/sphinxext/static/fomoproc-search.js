/* fomoproc: Sphinx's search, with the whole result list shown at once.
 *
 * Sphinx's searchtools.js shows one result every 5 ms and fetches each result's page to cut
 * a snippet from it: with thousands of papers a common word takes minutes. This keeps its
 * index, query parsing and ranking (Search._parseQuery, Search._performSearch) and replaces
 * only the display: the first results at once, the rest in large batches, each snippet taken
 * from FOMOPROC_SEARCH_SUMMARIES (fomoproc-search-data.js, loaded without holding up the
 * search). A page without a summary still gets its snippet the way Sphinx gets it.
 */
"use strict";
(() => {
  if (typeof Search === "undefined" || !Search._parseQuery || !Search._performSearch) return;

  const FIRST_BATCH = 50;
  const BATCH = 1000;

  // The summaries load on their own (async): the first results need only Sphinx's index, and
  // snippets are added to the results shown before the summaries arrived.
  const dataScript = document.querySelector('script[src*="fomoproc-search-data.js"]');
  let dataState = window.FOMOPROC_SEARCH_SUMMARIES || !dataScript ? "ready" : "loading";
  const pending = [];
  const settle = (state) => {
    dataState = state;
    pending.splice(0).forEach((args) => addSnippet(...args));
  };
  if (dataState === "loading") {
    dataScript.addEventListener("load", () => settle("ready"));
    dataScript.addEventListener("error", () => settle("failed"));
  }

  const highlight = (element, highlightTerms) => {
    if (typeof SPHINX_HIGHLIGHT_ENABLED === "undefined" || !SPHINX_HIGHLIGHT_ENABLED) return;
    if (typeof _highlightText !== "function") return;
    highlightTerms.forEach((term) => _highlightText(element, term, "highlighted"));
  };

  const fetchSnippet = (item, requestUrl, searchTerms, highlightTerms, anchor) => {
    fetch(requestUrl)
      .then((response) => response.text())
      .then((data) => {
        const summary = data && Search.makeSearchSummary(data, searchTerms, anchor);
        if (summary) item.appendChild(summary);
        highlight(item, highlightTerms);
      })
      .catch(() => {});
  };

  const addSnippet = (item, docName, requestUrl, anchor, searchTerms, highlightTerms) => {
    const summary = (window.FOMOPROC_SEARCH_SUMMARIES || {})[docName];
    if (summary !== undefined) {
      const context = item.appendChild(document.createElement("p"));
      context.classList.add("context");
      context.textContent = summary;
      highlight(item, highlightTerms);
    } else if (DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY) {
      // A page without a summary: its snippet the way Sphinx gets it.
      fetchSnippet(item, requestUrl, searchTerms, highlightTerms, anchor);
    } else {
      highlight(item, highlightTerms);
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
    link.textContent = title;
    if (descr) {
      item.appendChild(document.createElement("span")).textContent = ` (${descr})`;
      highlight(item, highlightTerms);
    } else {
      const args = [item, docName, requestUrl, anchor, searchTerms, highlightTerms];
      if (dataState === "loading") pending.push(args);
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
