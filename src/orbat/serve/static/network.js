// Network: the entity and its neighbours (Cytoscape.js), filtered by relation type
// and by year, with the same links listed in a table.
"use strict";
(function () {
  const main = document.querySelector("main[data-page=network]");
  if (!main || !window.cytoscape) return;
  const id = main.dataset.entityId;
  const form = document.getElementById("net-filters");
  const status = document.getElementById("net-status");
  const info = document.getElementById("net-info");
  const tbody = document.querySelector("#net-edges tbody");
  const box = document.getElementById("cy");
  const KIND_COLORS = {
    organisation: "#9b2c2c", person: "#2b6cb0", place: "#2f855a",
    battle: "#b7791f", incident: "#6b46c1", other: "#718096",
  };
  let cy = null;

  // Filters come from the URL, so a filtered view can be linked to.
  const params = new URLSearchParams(location.search);
  if (params.has("types")) {
    const wanted = new Set(params.get("types").split(","));
    form.querySelectorAll("input[name=types]").forEach((cb) => { cb.checked = wanted.has(cb.value); });
  }
  if (params.get("year")) form.elements.year.value = params.get("year");
  if (params.get("depth")) form.elements.depth.value = params.get("depth");

  function query() {
    const types = [...form.querySelectorAll("input[name=types]:checked")].map((cb) => cb.value);
    const q = new URLSearchParams();
    q.set("types", types.join(",") || "none");
    const year = form.elements.year.value.trim();
    if (year) q.set("year", year);
    q.set("depth", form.elements.depth.value);
    return q;
  }

  function showNode(n) {
    const d = n.data();
    info.replaceChildren(
      orbat.el("p", { class: "kind k-" + d.kind }, d.kind),
      orbat.el("h2", {}, d.name),
    );
    const when = orbat.period(d.start, d.end);
    if (when) info.append(orbat.el("p", {}, when));
    const links = orbat.el("p");
    links.append(orbat.el("a", { href: orbat.entityHref(d.id) }, "Profile"), " · ",
      orbat.el("a", { href: orbat.entityHref(d.id) + "/network?" + query().toString() }, "Network around it"));
    info.append(links);
    info.hidden = false;
  }

  function showEdge(e) {
    const d = e.data();
    info.replaceChildren(orbat.el("h2", {}, d.label));
    const p = orbat.el("p");
    p.append(
      orbat.el("a", { href: orbat.entityHref(d.source) }, cy.getElementById(d.source).data("name")),
      " → ",
      orbat.el("a", { href: orbat.entityHref(d.target) }, cy.getElementById(d.target).data("name")),
    );
    info.append(p);
    const when = orbat.period(d.start, d.end);
    info.append(orbat.el("p", {}, when || "undated"));
    const src = orbat.el("p");
    src.append(orbat.el("a", { href: "/claim/" + encodeURIComponent(d.id) }, "Show the source"));
    info.append(src);
    info.hidden = false;
  }

  function table(graph) {
    const names = Object.fromEntries(graph.nodes.map((n) => [n.id, n.name]));
    const rows = graph.edges.map((e) => {
      const tr = document.createElement("tr");
      const cell = (child) => { const td = document.createElement("td"); td.append(child); tr.append(td); };
      cell(orbat.el("a", { href: orbat.entityHref(e.source) }, names[e.source] || e.source));
      cell(document.createTextNode(e.label));
      cell(orbat.el("a", { href: orbat.entityHref(e.target) }, names[e.target] || e.target));
      cell(document.createTextNode(orbat.period(e.start, e.end) || "undated"));
      cell(orbat.el("a", { href: "/claim/" + encodeURIComponent(e.id), class: "cite" }, "source"));
      return tr;
    });
    tbody.replaceChildren(...rows);
  }

  async function load() {
    const q = query();
    status.textContent = "Loading the network…";
    let graph;
    try {
      graph = await orbat.getJSON("/api/entities/" + encodeURIComponent(id) + "/graph?" + q.toString());
    } catch (err) {
      status.textContent = "Could not load the network: " + err.message;
      return;
    }
    history.replaceState(null, "", "?" + q.toString());
    const elements = graph.nodes.map((n) => ({ group: "nodes", data: Object.assign({}, n, { color: KIND_COLORS[n.kind] || KIND_COLORS.other }) }))
      .concat(graph.edges.map((e) => ({ group: "edges", data: e, classes: e.dated ? "dated" : "undated" })));
    if (cy) cy.destroy();
    cy = cytoscape({
      container: box,
      elements: elements,
      minZoom: 0.2,
      maxZoom: 1.5,
      style: [
        { selector: "node", style: { "background-color": "data(color)", label: "data(name)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120, "text-valign": "bottom", "text-margin-y": 3, width: 14, height: 14, color: "#222" } },
        { selector: "node[?root]", style: { width: 26, height: 26, "font-size": 13, "font-weight": "bold", "border-width": 3, "border-color": "#111" } },
        { selector: "edge", style: { width: 1.5, "line-color": "#999", "target-arrow-color": "#999", "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)", "font-size": 8, color: "#555", "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
        { selector: "edge.undated", style: { "line-style": "dashed" } },
        { selector: ":selected", style: { "overlay-opacity": 0.15, "overlay-color": "#000" } },
      ],
      layout: graph.nodes.length > 1
        ? (q.get("depth") === "2" ? { name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 90, padding: 30 }
          : { name: "concentric", concentric: (n) => (n.data("root") ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 60, animate: false, padding: 40 })
        : { name: "grid" },
    });
    cy.on("tap", "node", (ev) => showNode(ev.target));
    cy.on("tap", "edge", (ev) => showEdge(ev.target));
    cy.on("dbltap", "node", (ev) => { location.href = orbat.entityHref(ev.target.id()) + "/network?" + query().toString(); });
    box.dataset.nodes = String(graph.nodes.length);
    box.dataset.edges = String(graph.edges.length);
    table(graph);
    const year = q.get("year");
    status.textContent = graph.nodes.length + " entities, " + graph.edges.length + " links" +
      (year ? " as of " + year + " (undated links kept, dashed)" : "") +
      (graph.truncated ? "; truncated, narrow the filters" : "") + ".";
    window.orbatNetwork = cy;
  }

  form.addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
  form.addEventListener("change", (ev) => { if (ev.target.name === "types" || ev.target.name === "depth") load(); });
  load();
})();
