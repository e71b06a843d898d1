/* fomoproc: the day's times in the venue's zone or the reader's, and what is on now and next.
 *
 * Every time of a page is a <time class="fomo-time" datetime="…ISO with offset…"> holding
 * the venue's words ("10:30–10:45 AM"; data-end for a range); zone names are
 * <span class="fomo-zone">; a <span class="fomo-tz-switch"> is where the reader chooses.
 * The choice is kept in localStorage and applies on every page. The venue's words stay in
 * the HTML, so a reader without this script sees the venue's times, labelled.
 *
 * The rows of the schedule (table.fomo-schedule) and of the day at a glance (.fomo-day)
 * are marked "Now" and "Next" during the workshop's day, from the clock of the reader's
 * device; the day at a glance also says when the day starts, or that it has ended.
 */
"use strict";
(() => {
  const KEY = "fomoproc.times";
  const READER = "reader";
  const VENUE = "venue";
  const storage = (() => {
    try {
      return window.localStorage;
    } catch {
      return null; // storage refused (a privacy setting): the choice lasts for this page
    }
  })();
  let choice = (storage && storage.getItem(KEY)) === READER ? READER : VENUE;

  const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const hour12 = ["h11", "h12"].includes(
    new Intl.DateTimeFormat(undefined, { hour: "numeric" }).resolvedOptions().hourCycle,
  );
  const clockFormat = new Intl.DateTimeFormat("en-US", {
    hour: "numeric",
    minute: "2-digit",
    hour12,
  });
  const dateFormat = new Intl.DateTimeFormat("en-CA", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  const zoneFormat = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" });

  // "-07:00" at the end of an ISO time, in minutes east of UTC.
  const isoOffset = (iso) => {
    const match = /([+-])(\d\d):(\d\d)$/.exec(iso);
    return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  };
  const readerOffset = (date) => -date.getTimezoneOffset();
  const clockParts = (date) => {
    const parts = Object.fromEntries(clockFormat.formatToParts(date).map((p) => [p.type, p.value]));
    return [`${parts.hour}:${parts.minute}`, parts.dayPeriod || ""];
  };
  // Days between the venue's date of an instant and the reader's.
  const dayShift = (iso, date) => {
    const venue = Date.UTC(...iso.slice(0, 10).split("-").map((n, i) => Number(n) - (i === 1)));
    const [y, m, d] = dateFormat.format(date).split("-").map(Number);
    return Math.round((Date.UTC(y, m - 1, d) - venue) / 86400000);
  };
  const shiftWords = (days) => (days > 0 ? `+${days} day` : `\u2212${-days} day`) + (Math.abs(days) > 1 ? "s" : "");
  const zoneName = (date) =>
    (zoneFormat.formatToParts(date).find((p) => p.type === "timeZoneName") || {}).value || readerZone;
  const utcWords = (minutes) => {
    const sign = minutes < 0 ? "\u2212" : "+";
    const abs = Math.abs(minutes);
    return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  };

  // The reader's time of a <time>, in the venue's style ("10:30–10:45 AM", "+1 day").
  const readerWords = (element) => {
    const startIso = element.getAttribute("datetime");
    const endIso = element.dataset.end || "";
    const start = new Date(startIso);
    const [startClock, startPeriod] = clockParts(start);
    const startShift = dayShift(startIso, start);
    if (!endIso || !element.venueWords.includes("\u2013")) {
      return [`${startClock}${startPeriod ? ` ${startPeriod}` : ""}`, startShift ? shiftWords(startShift) : ""];
    }
    const end = new Date(endIso);
    const [endClock, endPeriod] = clockParts(end);
    const endShift = dayShift(endIso, end);
    const first = startPeriod && startPeriod !== endPeriod ? `${startClock} ${startPeriod}` : startClock;
    const words = `${first}\u2013${endClock}${endPeriod ? ` ${endPeriod}` : ""}`;
    if (startShift === endShift) return [words, startShift ? shiftWords(startShift) : ""];
    return [words, `ends ${shiftWords(endShift)}`];
  };

  const sameZone = (times) =>
    times.every((t) => isoOffset(t.getAttribute("datetime")) === readerOffset(new Date(t.getAttribute("datetime"))));

  const showTime = (element) => {
    // The venue's words are the page's own: nothing to write until the reader switches
    // (the papers index of a conference has thousands of times).
    if (choice === VENUE && element.venueWords === undefined) return;
    if (element.venueWords === undefined) element.venueWords = element.textContent;
    element.querySelectorAll(".fomo-dayshift").forEach((old) => old.remove());
    if (choice === VENUE) {
      element.textContent = element.venueWords;
      return;
    }
    const [words, shift] = readerWords(element);
    element.textContent = words;
    if (shift) {
      const mark = document.createElement("span");
      mark.className = "fomo-dayshift";
      mark.textContent = shift;
      element.append(" ", mark);
    }
  };

  const showZone = (element, when) => {
    if (element.venueWords === undefined) element.venueWords = element.textContent;
    if (choice === VENUE && element.textContent === element.venueWords) return;
    if (choice === VENUE) {
      element.textContent = element.venueWords;
      return;
    }
    const name = zoneName(when);
    element.textContent =
      element.dataset.form === "long"
        ? `your time, ${name} (${utcWords(readerOffset(when))})`
        : `your time, ${name}`;
  };

  // The venue zone's short name ("PDT"), as the pages write it.
  const venueName = (zone, when) => {
    try {
      const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" });
      return (format.formatToParts(when).find((p) => p.type === "timeZoneName") || {}).value || zone;
    } catch {
      return zone; // a zone this browser does not know
    }
  };

  const switches = new Set();
  const makeSwitch = (holder, venueName, when) => {
    holder.replaceChildren();
    holder.setAttribute("role", "group");
    holder.setAttribute("aria-label", "Show times in");
    const button = (mode, words) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "fomo-tz-button";
      b.dataset.mode = mode;
      b.textContent = words;
      b.addEventListener("click", () => choose(mode));
      holder.append(b);
      return b;
    };
    button(VENUE, `${venueName} (venue)`);
    button(READER, `Your time (${zoneName(when)})`);
    switches.add(holder);
  };

  const times = () => [...document.querySelectorAll("time.fomo-time")];

  const apply = () => {
    const all = times();
    const first = all.length ? new Date(all[0].getAttribute("datetime")) : new Date();
    if (all.length && sameZone(all)) choice = VENUE; // nothing to switch: the reader is there
    all.forEach(showTime);
    document.querySelectorAll(".fomo-zone").forEach((z) => showZone(z, first));
    document.querySelectorAll(".fomo-tz-switch").forEach((holder) => {
      if (!all.length || sameZone(all)) {
        holder.hidden = true;
        return;
      }
      if (!switches.has(holder)) makeSwitch(holder, venueName(holder.dataset.zone, first), first);
      holder.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.mode === choice)));
    });
    markNowAndNext();
  };

  const choose = (mode) => {
    choice = mode;
    if (storage) {
      try {
        storage.setItem(KEY, mode);
      } catch {
        // storage full or refused: the choice lasts for this page
      }
    }
    apply();
  };

  // Now and next. A slot ends when its data-end says, else when the next one starts.
  const slotsOf = (rows) =>
    rows
      .map((row) => [row, row.querySelector("time.fomo-time")])
      .filter(([, time]) => time)
      .map(([row, time], i, all) => {
        const start = Date.parse(time.getAttribute("datetime"));
        const following = all[i + 1] ? Date.parse(all[i + 1][1].getAttribute("datetime")) : start + 1800000;
        const end = time.dataset.end ? Date.parse(time.dataset.end) : following;
        return { row, time, start, end };
      });

  // In a table, after the time; in the day's list, before what the slot is.
  const badge = (slot, words, name) => {
    slot.row.classList.add(name);
    const mark = document.createElement("span");
    mark.className = `fomo-badge ${name}-badge`;
    mark.textContent = words;
    const link = slot.row.tagName === "LI" && slot.row.querySelector("a");
    if (link) link.before(mark);
    else slot.time.after(mark);
  };

  const markNowAndNext = () => {
    document.querySelectorAll(".fomo-badge").forEach((b) => b.remove());
    document.querySelectorAll(".fomo-now, .fomo-next").forEach((r) => r.classList.remove("fomo-now", "fomo-next"));
    const lists = [
      [...document.querySelectorAll("table.fomo-schedule tbody tr")],
      [...document.querySelectorAll(".fomo-day-slots > li")],
    ];
    const now = Date.now();
    let status = null;
    lists.forEach((rows) => {
      const slots = slotsOf(rows);
      if (!slots.length) return;
      const first = slots[0];
      const last = slots[slots.length - 1];
      const iso = first.time.getAttribute("datetime");
      const dayStart = Date.parse(`${iso.slice(0, 10)}T00:00:00${iso.slice(-6)}`);
      if (now < dayStart) {
        status = { before: first };
        return;
      }
      if (now >= last.end) {
        status = { ended: true };
        return;
      }
      const current = slots.find((s) => s.start <= now && now < s.end);
      const next = slots.find((s) => s.start > now);
      if (current) badge(current, "Now", "fomo-now");
      if (next) badge(next, "Next", "fomo-next");
      status = { current, next, first };
    });
    const line = document.querySelector(".fomo-day-status");
    if (!line || !status) return;
    const name = (slot) => {
      const link = slot.row.querySelector("a");
      return (link || slot.row).textContent.trim();
    };
    // When a slot starts, as the page shows its times: "8:30 AM", "17:30", "2:30 AM +1 day".
    const at = (slot) => {
      if (choice === READER) {
        const date = new Date(slot.time.getAttribute("datetime"));
        const [clock, period] = clockParts(date);
        const shift = dayShift(slot.time.getAttribute("datetime"), date);
        return `${clock}${period ? ` ${period}` : ""}${shift ? ` (${shiftWords(shift)})` : ""}`;
      }
      const [start, end = ""] = (slot.time.venueWords ?? slot.time.textContent).split("\u2013");
      const period = /\s(AM|PM)$/.exec(end);
      return /\s(AM|PM)$/.test(start) || !period ? start : `${start}${period[0]}`;
    };
    const zone = document.querySelector(".fomo-day .fomo-zone");
    const zoneWords = zone ? ` (${zone.textContent})` : "";
    line.replaceChildren();
    if (status.ended) {
      line.textContent = "The workshop has ended. Thank you for coming!";
    } else if (status.before) {
      line.textContent = `The workshop starts at ${at(status.before)}${zoneWords} on ${document.querySelector(".fomo-day-when strong").textContent}.`;
    } else {
      const parts = [];
      if (status.current) parts.push(["Now", `${name(status.current)}`]);
      if (status.next) parts.push([`Next, at ${at(status.next)}`, name(status.next)]);
      if (!status.current && !status.next) parts.push(["Today", "the workshop"]);
      parts.forEach(([lead, words], i) => {
        if (i) line.append(document.createElement("br"));
        const strong = document.createElement("strong");
        strong.textContent = `${lead}: `;
        line.append(strong, words);
      });
    }
    line.hidden = false;
  };

  const start = () => {
    apply();
    // The marks follow the clock; Playwright's fake clock drives this in tests.
    setInterval(markNowAndNext, 30000);
    // Another script (the agenda) added times: show them as the rest.
    document.addEventListener("fomoproc:content", apply);
    window.addEventListener("storage", (event) => {
      if (event.key === KEY) {
        choice = event.newValue === READER ? READER : VENUE;
        apply();
      }
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
