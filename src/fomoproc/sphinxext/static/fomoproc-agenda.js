/* fomoproc: the reader's own agenda, kept in this browser, with no server and no login.
 *
 * Pages mark what may be starred with an empty <span class="fomo-star" data-slot="KEY"> (a
 * talk, a row of the schedule) or data-paper="FILE NAME" (a paper: its talk and its poster
 * session); this script makes each a toggle button (aria-pressed) and keeps the stars in
 * localStorage under the booklet's key (this script's data-booklet), so that two booklets on
 * one site keep their own.
 *
 * On the agenda page (.fomo-agenda-app) it lists the stars in time order from
 * FOMOPROC_AGENDA (fomoproc-agenda-data.js, written at build time), shares them as a link
 * (#slots=…&papers=… opens the same agenda in any browser) and downloads them as one .ics
 * whose events are the booklet's own: the same UIDs, times and time zone as its calendar
 * files. Titles and names go in as text, never as markup.
 */
"use strict";
(() => {
  const script = document.currentScript;
  const booklet = (script && script.dataset.booklet) || "booklet";
  const KEY = `fomoproc.agenda.${booklet}`;
  const storage = (() => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  })();
  let memory = { slots: [], papers: [] }; // where storage is refused: this page only

  const clean = (stars) => ({
    slots: [...new Set((stars.slots || []).filter((k) => typeof k === "string"))].sort(),
    papers: [...new Set((stars.papers || []).filter((k) => typeof k === "string"))].sort(),
  });
  const load = () => {
    if (!storage) return clean(memory);
    try {
      return clean(JSON.parse(storage.getItem(KEY) || "{}"));
    } catch {
      return clean({});
    }
  };
  const save = (stars) => {
    memory = clean(stars);
    if (storage) {
      try {
        storage.setItem(KEY, JSON.stringify(memory));
      } catch {
        // storage full or refused: kept for this page
      }
    }
  };
  const toggle = (kind, key) => {
    const stars = load();
    const list = stars[kind];
    const at = list.indexOf(key);
    if (at === -1) list.push(key);
    else list.splice(at, 1);
    save(stars);
    refresh();
  };
  const starred = (kind, key) => load()[kind].includes(key);

  // What a star is for: the page's title, or the words beside it (a link, a name).
  const labelOf = (holder) => {
    if (holder.dataset.labelled) {
      const heading = document.querySelector("article h1");
      if (heading) {
        const copy = heading.cloneNode(true);
        copy.querySelectorAll(".headerlink").forEach((a) => a.remove());
        return copy.textContent.trim();
      }
    }
    let next = holder.nextElementSibling;
    while (next && !next.textContent.trim()) next = next.nextElementSibling;
    return (next || holder.parentElement).textContent.trim().split("\n")[0];
  };

  const makeButton = (kind, key, label, labelled) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "fomo-star-button";
    button.dataset.kind = kind;
    button.dataset.key = key;
    button.setAttribute("aria-label", `My agenda: ${label}`);
    const icon = document.createElement("span");
    icon.className = "fomo-star-icon";
    icon.setAttribute("aria-hidden", "true");
    button.append(icon);
    if (labelled) {
      const words = document.createElement("span");
      words.className = "fomo-star-words";
      button.append(words);
      button.classList.add("fomo-star-labelled");
      button.removeAttribute("aria-label"); // its words name it
    }
    button.addEventListener("click", () => toggle(kind, key));
    return button;
  };
  const showButton = (button) => {
    const on = starred(button.dataset.kind, button.dataset.key);
    button.setAttribute("aria-pressed", String(on));
    button.querySelector(".fomo-star-icon").textContent = on ? "\u2605" : "\u2606";
    const words = button.querySelector(".fomo-star-words");
    if (words) words.textContent = on ? "In my agenda" : "Add to my agenda";
    button.title = on ? "In your agenda: press to remove" : "Add to your agenda";
  };

  const placeStars = () => {
    document.querySelectorAll("span.fomo-star").forEach((holder) => {
      const kind = holder.dataset.slot ? "slots" : "papers";
      const key = holder.dataset.slot || holder.dataset.paper;
      if (!key) return;
      holder.replaceChildren(makeButton(kind, key, labelOf(holder), Boolean(holder.dataset.labelled)));
    });
  };

  // The agenda page.
  const app = document.querySelector(".fomo-agenda-app");
  const data = window.FOMOPROC_AGENDA;

  const shared = () => {
    const hash = new URLSearchParams(window.location.hash.slice(1));
    if (!hash.has("slots") && !hash.has("papers")) return null;
    const list = (name) => (hash.get(name) || "").split(",").filter(Boolean);
    return clean({ slots: list("slots"), papers: list("papers") });
  };

  // Each slot of the agenda, in time order, with the starred papers presented in it.
  const entries = (stars) => {
    const bySlot = new Map();
    const add = (key) => {
      if (!data.slots[key]) return null;
      if (!bySlot.has(key)) bySlot.set(key, { key, slot: data.slots[key], starred: false, papers: [] });
      return bySlot.get(key);
    };
    stars.slots.forEach((key) => {
      const entry = add(key);
      if (entry) entry.starred = true;
    });
    const unscheduled = [];
    stars.papers.forEach((stem) => {
      const paper = data.papers[stem];
      if (!paper) return;
      if (!paper.slots.length) unscheduled.push({ stem, paper });
      paper.slots.forEach(([key, board]) => {
        const entry = add(key);
        if (entry) entry.papers.push({ stem, paper, board });
      });
    });
    const byBoard = (a, b) =>
      a.board.localeCompare(b.board, undefined, { numeric: true }) || a.paper.title.localeCompare(b.paper.title);
    bySlot.forEach((entry) => entry.papers.sort(byBoard));
    const ordered = [...bySlot.values()].sort(
      (a, b) => Date.parse(a.slot.start) - Date.parse(b.slot.start) || a.key.localeCompare(b.key),
    );
    return [ordered, unscheduled];
  };

  const paperHref = (stem) => `${data.papers_href[0]}${encodeURIComponent(stem)}${data.papers_href[1]}`;
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // iCalendar (RFC 5545): text escaped, lines folded at 75 octets.
  const icalText = (text) =>
    text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  const encoder = new TextEncoder();
  const fold = (line) => {
    const out = [];
    let current = "";
    let size = 0;
    for (const char of line) {
      const bytes = encoder.encode(char).length;
      if (size + bytes > (out.length ? 74 : 75)) {
        out.push(current);
        current = "";
        size = 0;
      }
      current += char;
      size += bytes;
    }
    out.push(current);
    return out.join("\r\n ");
  };
  const calendarText = (ordered) => {
    const cal = data.calendar;
    const lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      `PRODID:${cal.prodid}`,
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      `X-WR-CALNAME:${icalText(cal.name)}`,
    ].map(fold);
    const zone = cal.vtimezone.replace(/\r\n$/, "");
    const events = ordered.map(({ slot, papers }) => {
      let description = slot.description;
      const boards = papers.filter((p) => p.board);
      if (boards.length) {
        description += `\nYour posters: ${boards.map((p) => `board ${p.board}, ${p.paper.title}`).join("; ")}`;
      }
      const event = [
        "BEGIN:VEVENT",
        `SUMMARY:${icalText(slot.summary)}`,
        `DTSTART;TZID=${cal.tzid}:${slot.dtstart}`,
        ...(slot.dtend ? [`DTEND;TZID=${cal.tzid}:${slot.dtend}`] : []),
        `DTSTAMP:${cal.dtstamp}`,
        `UID:${slot.uid}`,
        `CATEGORIES:${icalText(slot.categories)}`,
        `DESCRIPTION:${icalText(description)}`,
        ...(slot.location ? [`LOCATION:${icalText(slot.location)}`] : []),
        ...(slot.url ? [`URL:${slot.url}`] : []),
        "END:VEVENT",
      ];
      return event.map(fold).join("\r\n");
    });
    return [...lines, zone, ...events, "END:VCALENDAR", ""].join("\r\n");
  };

  const download = (ordered) => {
    const blob = new Blob([calendarText(ordered)], { type: "text/calendar;charset=utf-8" });
    const link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${booklet}-agenda.ics`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  };

  const shareLink = (stars) => {
    const url = new URL(window.location.href);
    const parts = [];
    if (stars.slots.length) parts.push(`slots=${stars.slots.map(encodeURIComponent).join(",")}`);
    if (stars.papers.length) parts.push(`papers=${stars.papers.map(encodeURIComponent).join(",")}`);
    url.hash = parts.join("&");
    return url.href;
  };

  const renderAgenda = () => {
    if (!app || !data) return;
    const fromLink = shared();
    const stars = fromLink || load();
    const [ordered, unscheduled] = entries(stars);
    const box = el("div", "fomo-agenda");
    if (fromLink) {
      const note = el("p", "fomo-agenda-shared", "This agenda was shared with you by a link. ");
      const keep = el("button", "fomo-action", "Add these to my agenda");
      keep.type = "button";
      keep.addEventListener("click", () => {
        const mine = load();
        save({ slots: [...mine.slots, ...fromLink.slots], papers: [...mine.papers, ...fromLink.papers] });
        history.replaceState(null, "", window.location.pathname + window.location.search);
        refresh();
      });
      note.append(keep);
      box.append(note);
    }
    if (!ordered.length && !unscheduled.length) {
      box.append(
        el(
          "p",
          "fomo-agenda-empty",
          "Your agenda is empty. Press the star (\u2606) beside a talk in the schedule, or beside a paper, and it is listed here.",
        ),
      );
      app.replaceChildren(box);
      return;
    }
    // Each slot: a row of its time and what it is, then a row for each starred paper it
    // presents; the star of each row in a column of its own.
    const row = (item, button, content) => {
      const cell = el("span", "fomo-agenda-star");
      if (button) cell.append(button);
      item.append(cell, content);
    };
    const list = el("ol", "fomo-agenda-list");
    ordered.forEach(({ key, slot, starred: isStarred, papers }) => {
      const item = el("li", "fomo-agenda-item");
      const head = el("p", "fomo-agenda-when");
      const time = el("time", "fomo-time", slot.time);
      time.setAttribute("datetime", slot.start);
      if (slot.end) time.dataset.end = slot.end;
      const where = el("a", "fomo-agenda-slot", `${slot.kind}: ${slot.what || slot.name}`);
      where.href = slot.href;
      head.append(time, " ", where);
      // A paper's own talk is the slot itself: its star goes on the slot's row.
      const talk = papers.length === 1 && !papers[0].board && slot.what.endsWith(papers[0].paper.title);
      let button = isStarred ? makeButton("slots", key, slot.what || slot.name, false) : null;
      if (talk && !button) button = makeButton("papers", papers[0].stem, papers[0].paper.title, false);
      row(item, button, head);
      (talk ? [] : papers).forEach(({ stem, paper, board }) => {
        const line = el("p", "fomo-agenda-paper");
        if (board) line.append(el("strong", "", `Board ${board}`), " \u00b7 ");
        const link = el("a", "", paper.title);
        link.href = paperHref(stem);
        line.append(link);
        row(item, makeButton("papers", stem, paper.title, false), line);
      });
      list.append(item);
    });
    box.append(list);
    if (unscheduled.length) {
      box.append(el("p", "fomo-agenda-tba", "Time to be announced:"));
      const rest = el("ul", "fomo-agenda-list");
      unscheduled.forEach(({ stem, paper }) => {
        const item = el("li", "fomo-agenda-item");
        const line = el("p", "fomo-agenda-paper");
        const link = el("a", "", paper.title);
        link.href = paperHref(stem);
        line.append(link);
        row(item, makeButton("papers", stem, paper.title, false), line);
        rest.append(item);
      });
      box.append(rest);
    }
    const actions = el("p", "fomo-agenda-actions");
    const ics = el("button", "fomo-action", "Download for your calendar (.ics)");
    ics.type = "button";
    ics.addEventListener("click", () => download(ordered));
    const share = el("button", "fomo-action", "Copy a link to this agenda");
    share.type = "button";
    const shown = el("input", "fomo-agenda-link");
    shown.type = "text";
    shown.readOnly = true;
    shown.hidden = true;
    shown.setAttribute("aria-label", "Link to this agenda");
    share.addEventListener("click", () => {
      shown.value = shareLink(stars);
      shown.hidden = false;
      shown.select();
      if (navigator.clipboard) {
        navigator.clipboard.writeText(shown.value).then(
          () => {
            share.textContent = "Link copied";
          },
          () => {}, // no clipboard here: the link is shown, selected, to copy by hand
        );
      }
    });
    actions.append(ics, " ", share, " ", shown);
    box.append(actions);
    app.replaceChildren(box);
  };

  const refresh = () => {
    renderAgenda();
    document.querySelectorAll("button.fomo-star-button").forEach(showButton);
    document.dispatchEvent(new CustomEvent("fomoproc:content"));
  };

  const start = () => {
    placeStars();
    refresh();
    window.addEventListener("storage", (event) => {
      if (event.key === KEY) refresh();
    });
    window.addEventListener("hashchange", refresh);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
