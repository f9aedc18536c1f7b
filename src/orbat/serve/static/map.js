// Map: Natural Earth country outlines (bundled TopoJSON, no tiles) and the points
// of the entity (or of every geocoded place), each linking to its entity.
"use strict";
(function () {
  const main = document.querySelector("main[data-page=map]");
  const box = document.getElementById("map");
  if (!main || !box || !window.L) return;

  const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");
  map.setView([25, 20], 2);
  // Outlines below the points whichever loads first.
  map.createPane("outlines").style.zIndex = "350";
  map.createPane("points").style.zIndex = "650";
  box.dataset.points = "0";

  const COLORS = {
    Headquarters: "#9b2c2c",
    "Area of operations": "#2b6cb0",
    Battle: "#b7791f",
    "Incident (alleged)": "#6b46c1",
  };

  function popup(p) {
    const div = orbat.el("div", { class: "map-pop" });
    if (p.category) div.append(orbat.el("p", { class: "pop-kind" }, p.category));
    const title = orbat.el("p");
    title.append(orbat.el("a", { href: orbat.entityHref(p.entity_id) }, p.name));
    div.append(title);
    if (p.place_name && p.place_id !== p.entity_id) {
      const at = orbat.el("p", {}, "at ");
      at.append(orbat.el("a", { href: orbat.entityHref(p.place_id) }, p.place_name));
      div.append(at);
    }
    if (p.claim_id) {
      const src = orbat.el("p");
      src.append(orbat.el("a", { href: "/claim/" + encodeURIComponent(p.claim_id) }, "source"));
      div.append(src);
    }
    div.append(orbat.el("p", { class: "coords" }, p.lat.toFixed(3) + ", " + p.lon.toFixed(3)));
    return div;
  }

  // Natural Earth rings that cross the antimeridian jump from +180 to -180; unwrap
  // them (179, 181, ...) so that Leaflet's flat map draws no line across the world.
  function unwrap(ring) {
    const out = [];
    for (const [lon, lat] of ring) {
      let x = lon;
      if (out.length) {
        const prev = out[out.length - 1][0];
        while (x - prev > 180) x -= 360;
        while (x - prev < -180) x += 360;
      }
      out.push([x, lat]);
    }
    return out;
  }

  function unwrapGeometry(g) {
    if (g.type === "Polygon") g.coordinates = g.coordinates.map(unwrap);
    else if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map((p) => p.map(unwrap));
  }

  const outlines = orbat.getJSON("/static/vendor/world-atlas/countries-50m.json").then((world) => {
    const geo = topojson.feature(world, world.objects.countries);
    // Antarctica runs to the pole, which a Mercator map cannot show.
    geo.features = geo.features.filter((f) => f.properties.name !== "Antarctica");
    for (const f of geo.features) if (f.geometry) unwrapGeometry(f.geometry);
    L.geoJSON(geo, {
      interactive: false,
      pane: "outlines",
      style: { color: "#8a8a8a", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(map);
    box.dataset.outlines = String(geo.features.length);
  });

  const points = orbat.getJSON(main.dataset.api).then((data) => {
    const list = data.points || data.items || [];
    const layer = L.featureGroup();
    for (const p of list) {
      const color = COLORS[p.category] || "#2f855a";
      L.circleMarker([p.lat, p.lon], { pane: "points", radius: 7, color: "#222", weight: 1, fillColor: color, fillOpacity: 0.9 })
        .bindPopup(popup(p))
        .bindTooltip(orbat.el("span", {}, p.name))
        .addTo(layer);
    }
    layer.addTo(map);
    if (list.length) map.fitBounds(layer.getBounds().pad(0.3), { maxZoom: 7 });
    box.dataset.points = String(list.length);
  });

  Promise.allSettled([outlines, points]).then((results) => {
    box.dataset.ready = "1";
    for (const r of results) {
      if (r.status === "rejected") {
        box.after(orbat.el("p", { class: "error" }, "Could not load map data: " + r.reason.message));
      }
    }
  });
})();
