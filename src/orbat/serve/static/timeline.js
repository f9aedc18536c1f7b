// Timeline: size over time (uPlot) and the entity's dated events in lanes (SVG),
// on one time axis. Everything is drawn with DOM/SVG APIs; labels are text nodes.
"use strict";
(function () {
  const main = document.querySelector("main[data-entity-id]");
  if (!main) return;
  const id = main.dataset.entityId;
  const SVG = "http://www.w3.org/2000/svg";
  const DAY = 86400;

  // "2013", "2013-06", "2013-06-01" → seconds; `end` moves to the end of the period.
  function toSec(t, end) {
    if (!t || !t.time) return null;
    const neg = t.time.startsWith("-");
    const p = t.time.replace(/^[-+]/, "").split("-").map((x) => parseInt(x, 10));
    const y = neg ? -p[0] : p[0];
    const m = p.length > 1 && !isNaN(p[1]) ? p[1] - 1 : null;
    const d = p.length > 2 && !isNaN(p[2]) ? p[2] : null;
    const date = new Date(0);
    if (end) {
      if (d !== null) date.setUTCFullYear(y, m, d + 1);
      else if (m !== null) date.setUTCFullYear(y, m + 1, 1);
      else date.setUTCFullYear(y + 1, 0, 1);
      return date.getTime() / 1000 - DAY / 2;
    }
    date.setUTCFullYear(y, m === null ? 0 : m, d === null ? 1 : d);
    return date.getTime() / 1000;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  function yearTicks(min, max, width) {
    const y0 = new Date(min * 1000).getUTCFullYear();
    const y1 = new Date(max * 1000).getUTCFullYear() + 1;
    const span = Math.max(1, y1 - y0);
    const fit = Math.max(1, Math.floor(width / 60));
    const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000].find((s) => span / s <= fit) || 1000;
    const out = [];
    for (let y = Math.ceil(y0 / step) * step; y <= y1; y += step) {
      const d = new Date(0);
      d.setUTCFullYear(y, 0, 1);
      const s = d.getTime() / 1000;
      if (s >= min && s <= max) out.push([y, s]);
    }
    return out;
  }

  async function draw(data) {
    const chartBox = document.getElementById("size-chart");
    const lanesBox = document.getElementById("timeline-lanes");
    const sizes = data.size.filter((s) => s.time && s.value !== null);
    const events = data.events.map((e) => {
      let a = toSec(e.start, false), b = toSec(e.end, true);
      if (a === null) a = toSec(e.end, false);
      if (b === null) b = toSec(e.start, true);
      return Object.assign({}, e, { a: a, b: Math.max(a, b) });
    });
    const xs = sizes.map((s) => toSec(s.time, false));
    const all = xs.concat(events.flatMap((e) => [e.a, e.b])).filter((x) => x !== null);
    if (!all.length) {
      lanesBox.append(orbat.el("p", { class: "empty" }, "No dated events or figures to draw."));
      return;
    }
    let min = Math.min(...all), max = Math.max(...all);
    const pad = Math.max((max - min) * 0.04, 180 * DAY);
    min -= pad;
    max += pad;

    const width = lanesBox.clientWidth || 800;
    let left = 110, plotWidth = width - left - 20;

    if (chartBox && sizes.length && window.uPlot) {
      const order = xs.map((x, i) => [x, sizes[i].value]).sort((p, q) => p[0] - q[0]);
      const opts = {
        width: chartBox.clientWidth || width,
        height: 220,
        scales: { x: { time: true, range: [min, max] }, y: { range: (u, lo, hi) => [0, hi * 1.15 || 1] } },
        legend: { show: false },
        cursor: { points: { size: 8 } },
        axes: [{}, { size: 70, values: (u, vals) => vals.map((v) => v.toLocaleString("en")) }],
        series: [
          {},
          { label: "Size", stroke: "#9b2c2c", width: 2, points: { show: true, size: 9, fill: "#9b2c2c" } },
        ],
      };
      let ready;
      const isReady = new Promise((resolve) => { ready = resolve; });
      opts.hooks = { ready: [() => ready()] };
      const u = new uPlot(opts, [order.map((p) => p[0]), order.map((p) => p[1])], chartBox);
      await isReady;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const o = u.over.getBoundingClientRect();
      const c = lanesBox.getBoundingClientRect();
      left = o.left - c.left;
      plotWidth = o.width;
      chartBox.dataset.points = String(order.length);
    }

    const x = (s) => left + ((s - min) / (max - min)) * plotWidth;
    const lanes = data.lanes.filter((l) => events.some((e) => e.lane === l));
    const ROW = 16, HEAD = 18, GAP = 10, AXIS = 22;
    // Stack overlapping events of a lane into rows.
    const layout = [];
    let y = AXIS;
    for (const lane of lanes) {
      const rows = [];
      const mine = events.filter((e) => e.lane === lane).sort((p, q) => p.a - q.a);
      for (const e of mine) {
        const px0 = x(e.a), px1 = Math.max(x(e.b), px0 + 6);
        let r = rows.findIndex((end) => end + 2 < px0);
        if (r < 0) { rows.push(0); r = rows.length - 1; }
        rows[r] = px1;
        layout.push({ e: e, lane: lane, row: r, y0: y + HEAD, px0: px0, px1: px1 });
      }
      layout.push({ header: lane, y: y, rows: rows.length });
      y += HEAD + rows.length * ROW + GAP;
    }
    const height = y + 4;
    const root = svg("svg", { width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}`, class: "lanes-svg", role: "group", "aria-label": "Events by kind on a time axis" });
    for (const [yr, s] of yearTicks(min, max, plotWidth)) {
      root.append(svg("line", { x1: x(s), x2: x(s), y1: AXIS - 4, y2: height, class: "tick" }));
      const t = svg("text", { x: x(s), y: 12, class: "tick-label", "text-anchor": "middle" });
      t.textContent = String(yr);
      root.append(t);
    }
    for (const item of layout) {
      if (item.header) {
        const t = svg("text", { x: 4, y: item.y + 12, class: "lane-label lane-" + data.lanes.indexOf(item.header) });
        t.textContent = item.header;
        root.append(t);
        continue;
      }
      const e = item.e;
      const g = item.e.entity_id ? svg("a", { href: orbat.entityHref(item.e.entity_id), class: "event" }) : svg("g", { class: "event" });
      const title = svg("title");
      title.textContent = e.label + " — " + orbat.period(e.start, e.end);
      const yy = item.y0 + item.row * ROW;
      const cls = "lane-" + data.lanes.indexOf(item.lane);
      if (item.px1 - item.px0 > 7) {
        g.append(title, svg("rect", { x: item.px0, y: yy + 2, width: item.px1 - item.px0, height: ROW - 5, rx: 3, class: "bar " + cls }));
      } else {
        g.append(title, svg("circle", { cx: item.px0 + 3, cy: yy + ROW / 2, r: 5, class: "dot " + cls }));
      }
      root.append(g);
    }
    lanesBox.replaceChildren(root);
    lanesBox.dataset.events = String(events.length);
  }

  orbat.getJSON("/api/entities/" + encodeURIComponent(id) + "/timeline").then(draw).catch((err) => {
    const box = document.getElementById("timeline-lanes");
    box.replaceChildren(orbat.el("p", { class: "error" }, "Could not draw the timeline: " + err.message));
  });
})();
