// orbat: citation cards. Clicking a citation marker shows the cited quote with its
// document, section and revision, and a link to the span in the source view.
// Data is never written with innerHTML: cards are clones of server-rendered,
// escaped elements, and text is set with textContent.
"use strict";
(function () {
  let openMarker = null;

  function closeCard(restoreFocus) {
    document.querySelectorAll(".cite-pop").forEach((p) => p.remove());
    if (openMarker) {
      openMarker.setAttribute("aria-expanded", "false");
      if (restoreFocus) openMarker.focus();
    }
    openMarker = null;
  }

  function openCard(marker, ref) {
    const pop = document.createElement("div");
    pop.className = "cite-pop";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", "Source " + marker.textContent);
    pop.tabIndex = -1;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "×";
    close.addEventListener("click", () => closeCard(true));
    const head = document.createElement("p");
    head.className = "pop-head";
    head.textContent = "Source " + marker.textContent;
    pop.append(close, head);
    for (const child of ref.children) pop.append(child.cloneNode(true));
    const more = document.createElement("p");
    const link = document.createElement("a");
    link.href = marker.getAttribute("href");
    link.className = "to-source";
    link.textContent = "Show the span highlighted in the source text →";
    more.append(link);
    pop.append(more);
    document.body.append(pop);
    const r = marker.getBoundingClientRect();
    const width = Math.min(560, document.documentElement.clientWidth - 16);
    pop.style.width = width + "px";
    const left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    pop.style.left = left + window.scrollX + "px";
    pop.style.top = r.bottom + window.scrollY + 6 + "px";
    marker.setAttribute("aria-expanded", "true");
    openMarker = marker;
    pop.focus({ preventScroll: true });
  }

  document.addEventListener("click", (ev) => {
    const marker = ev.target.closest && ev.target.closest("a.cite[data-ref]");
    if (!marker) {
      if (openMarker && !ev.target.closest(".cite-pop")) closeCard(false);
      return;
    }
    if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    const ref = document.getElementById(marker.dataset.ref);
    if (!ref) return; // no card on this page: follow the link to the source view
    ev.preventDefault();
    const wasOpen = openMarker === marker;
    closeCard(false);
    if (!wasOpen) openCard(marker, ref);
  });

  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && openMarker) closeCard(true);
  });

  document.querySelectorAll("a.cite[data-ref]").forEach((a) => {
    a.setAttribute("aria-haspopup", "dialog");
    a.setAttribute("aria-expanded", "false");
  });
})();

// Small helpers shared by the chart, map and network scripts.
window.orbat = {
  el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  },
  entityHref(id) {
    return "/entity/" + encodeURIComponent(id);
  },
  formatTime(t) {
    if (!t || !t.time) return "";
    const months = ["January", "February", "March", "April", "May", "June", "July",
      "August", "September", "October", "November", "December"];
    const neg = t.time.startsWith("-");
    const parts = t.time.replace(/^[-+]/, "").split("-");
    const year = String(parseInt(parts[0], 10)) + (neg ? " BC" : "");
    const p = t.precision || (parts.length >= 3 ? "day" : parts.length === 2 ? "month" : "year");
    if (p === "day" && parts.length >= 3) return parseInt(parts[2], 10) + " " + months[parseInt(parts[1], 10) - 1] + " " + year;
    if ((p === "day" || p === "month") && parts.length >= 2) return months[parseInt(parts[1], 10) - 1] + " " + year;
    return year;
  },
  period(start, end) {
    const a = this.formatTime(start), b = this.formatTime(end);
    if (!a && !b) return "";
    if (a && b && a !== b) return a + " – " + b;
    if (a && b) return a;
    return a ? a + " –" : "– " + b;
  },
  async getJSON(url) {
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  },
};
