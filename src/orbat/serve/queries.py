"""Read-only views of the knowledge base for the web app: search, timeline,
network, map points and documents.

Every statement here is fixed SQL with bound parameters; nothing a user sends
is ever run as SQL.
"""

from __future__ import annotations

import json
from typing import Any

from orbat.names import normalize_name
from orbat.serve.present import DEFAULT_RELATIONS, KIND_ORDER, edge_label, label, time_of
from orbat.store import Store

START_PROPS = ("inception", "start", "point_in_time")
END_PROPS = ("dissolved", "end")

# ---------------------------------------------------------------- search

_SEARCH_SQL = """
WITH names AS (
    SELECT entity_id, name AS label FROM entities
    UNION SELECT entity_id, alias FROM aliases
    UNION SELECT subject_id, value_text FROM claims WHERE property = 'alias'
),
prepared AS (
    SELECT entity_id, label, strip_accents(lower(label)) AS low FROM names
),
scored AS (
    SELECT entity_id, label,
        greatest(
            CASE WHEN low = $q THEN 1.0 ELSE 0.0 END,
            CASE WHEN length($q) >= 2 AND $q = lower(array_to_string(
                regexp_extract_all(label, '\\b(\\p{Lu})', 1), '')) THEN 0.97 ELSE 0.0 END,
            CASE WHEN starts_with(low, $q) THEN 0.95 ELSE 0.0 END,
            CASE WHEN contains(low, $q) THEN 0.9 ELSE 0.0 END,
            CASE WHEN length($q) >= 3 THEN jaro_winkler_similarity($q, low) ELSE 0.0 END,
            CASE WHEN length($q) >= 4 AND NOT contains($q, ' ') THEN 0.93 * list_max(
                list_transform(string_split(low, ' '), lambda w: jaro_winkler_similarity($q, w)))
                ELSE 0.0 END
        ) AS score
    FROM prepared
),
hits AS (
    SELECT entity_id, arg_max(label, score) AS matched, max(score) AS score
    FROM scored WHERE score >= $threshold GROUP BY entity_id
),
best AS ({canon})
SELECT e.entity_id, e.name, e.kind, b.matched, round(b.score, 4) AS score,
       (SELECT count(*) FROM claims c WHERE c.subject_id = e.entity_id) AS claims,
       count(*) OVER () AS total
FROM best b JOIN entities e USING (entity_id)
WHERE $kind IS NULL OR e.kind = $kind
ORDER BY b.score DESC, claims DESC, e.name, e.entity_id
LIMIT $limit OFFSET $offset
"""

# Merged entities (orbat resolve) are found through any member, shown as their canonical.
_CANON_HITS = """
    SELECT coalesce(m.canonical_id, h.entity_id) AS entity_id,
           arg_max(h.matched, h.score) AS matched, max(h.score) AS score
    FROM hits h LEFT JOIN resolution_members m ON m.entity_id = h.entity_id GROUP BY 1
"""
_PLAIN_HITS = "SELECT * FROM hits"

_BROWSE_SQL = """
SELECT e.entity_id, e.name, e.kind, NULL AS matched, NULL AS score,
       count(c.claim_id) AS claims, count(*) OVER () AS total
FROM entities e LEFT JOIN claims c ON c.subject_id = e.entity_id
WHERE ($kind IS NULL OR e.kind = $kind) {not_member}
GROUP BY ALL
ORDER BY claims DESC, e.name, e.entity_id
LIMIT $limit OFFSET $offset
"""


def search(
    store: Store,
    q: str,
    *,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
    threshold: float = 0.82,
) -> dict[str, Any]:
    """Entities whose name or an alias is close to `q` (typos, accents, acronyms
    such as 'NDF' forgiven), best first; an empty `q` lists the best-attested."""
    q_norm = normalize_name(q or "")
    params: dict[str, Any] = {"kind": kind or None, "limit": limit, "offset": offset}
    resolved = has_resolution(store)
    if q_norm:
        sql = _SEARCH_SQL.replace("{canon}", _CANON_HITS if resolved else _PLAIN_HITS)
        rows = store.query(sql, {**params, "q": q_norm, "threshold": threshold})
    else:
        not_member = (
            "AND e.entity_id NOT IN (SELECT entity_id FROM resolution_members)" if resolved else ""
        )
        rows = store.query(_BROWSE_SQL.replace("{not_member}", not_member), params)
    total = int(rows[0]["total"]) if rows else 0
    dates = entity_dates(store, [r["entity_id"] for r in rows])
    items = []
    for r in rows:
        r.pop("total")
        r.update(dates.get(r["entity_id"], {"start": None, "end": None}))
        if r["matched"] == r["name"]:
            r["matched"] = None
        items.append(r)
    return {"query": q, "total": total, "limit": limit, "offset": offset, "items": items}


def group_by_kind(items: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for it in items:
        groups.setdefault(it["kind"] if it["kind"] in KIND_ORDER else "other", []).append(it)
    return [(k, groups[k]) for k in KIND_ORDER if k in groups]


def has_resolution(store: Store) -> bool:
    """Whether entities have been resolved (`orbat resolve`): members mapped onto a canonical."""
    return "canonical_id" in table_columns(store, "resolution_members")


def canonical_of(store: Store, ids: list[str]) -> dict[str, str]:
    """The canonical entity each id is shown as (itself unless it was merged)."""
    out = {i: i for i in ids}
    if ids and has_resolution(store):
        for r in store.query(
            "SELECT entity_id, canonical_id FROM resolution_members "
            "WHERE entity_id IN (SELECT unnest($ids))",
            {"ids": list(ids)},
        ):
            out[r["entity_id"]] = r["canonical_id"]
    return out


def with_members(store: Store, ids: list[str]) -> dict[str, str]:
    """{member or canonical id: canonical id} for the canonical entities `ids`."""
    out = {i: i for i in ids}
    if ids and has_resolution(store):
        for r in store.query(
            "SELECT entity_id, canonical_id FROM resolution_members "
            "WHERE canonical_id IN (SELECT unnest($ids))",
            {"ids": list(ids)},
        ):
            out[r["entity_id"]] = r["canonical_id"]
    return out


def entity_dates(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The earliest start and latest end the claims about an entity (and the entities
    merged into it) give, with precision."""
    if not ids:
        return {}
    members = with_members(store, ids)
    rows = store.query(
        f"""
        SELECT m.canonical AS subject_id,
            min(time_iso) FILTER (WHERE property IN {START_PROPS}) AS start,
            arg_min(time_precision, time_iso) FILTER (WHERE property IN {START_PROPS})
                AS start_precision,
            max(time_iso) FILTER (WHERE property IN {END_PROPS}) AS "end",
            arg_max(time_precision, time_iso) FILTER (WHERE property IN {END_PROPS})
                AS end_precision
        FROM claims JOIN (SELECT unnest($member) AS member, unnest($canonical) AS canonical) m
            ON m.member = claims.subject_id
        WHERE time_iso IS NOT NULL
        GROUP BY m.canonical
        """,
        {"member": list(members), "canonical": list(members.values())},
    )
    out = {}
    for r in rows:
        sid = r.pop("subject_id")
        out[sid] = {
            "start": {"time": r["start"], "precision": r["start_precision"]}
            if r["start"]
            else None,
            "end": {"time": r["end"], "precision": r["end_precision"]} if r["end"] else None,
        }
    return out


def list_entities(
    store: Store, *, kind: str | None = None, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    return search(store, "", kind=kind, limit=limit, offset=offset)


# ---------------------------------------------------------------- claims


def source_refs(claim: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"source_id": s["source_id"], "doc_id": s["doc_id"], "section": s["section"]}
        for s in claim.get("sources", [])
    ]


def claim_by_id(store: Store, claim_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT subject_id FROM claims WHERE claim_id = ?", [claim_id])
    if not rows:
        return None
    for c in store.claims(subject_id=rows[0]["subject_id"]):
        if c["claim_id"] == claim_id:
            return c
    return None


def source_by_id(store: Store, source_id: str) -> dict[str, Any] | None:
    """A span of a document and every claim read from it."""
    rows = store.query(
        "SELECT s.source_id, s.doc_id, s.section, s.span_start, s.span_end, s.quote, "
        "s.method, s.confidence, s.citations_json, d.title AS doc_title, "
        "d.revision_id AS doc_revision, list(s.claim_id ORDER BY s.claim_id) AS claim_ids "
        "FROM sources s JOIN documents d USING (doc_id) WHERE s.source_id = ? GROUP BY ALL",
        [source_id],
    )
    if not rows:
        return None
    src = rows[0]
    src["citations"] = json.loads(src.pop("citations_json"))
    src["claims"] = [
        {k: v for k, v in c.items() if k != "sources"}
        for cid in src.pop("claim_ids")
        if (c := claim_by_id(store, cid))
    ]
    return src


# ---------------------------------------------------------------- timeline


def _first_time(quals: dict[str, Any], *keys: str) -> dict[str, Any] | None:
    for k in keys:
        iso, precision = time_of(quals.get(k))
        if iso:
            return {"time": iso, "precision": precision}
    return None


def _dates_of(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """start/end/point_in_time claims of entities (battles, incidents), first per property.

    A battle resolution merged may have its dates on another member (the page
    about it, not the infobox naming it), so every member's dates count.
    """
    if not ids:
        return {}
    shown_as: dict[str, list[str]] = {}  # member → the ids asked for that it belongs to
    for i in dict.fromkeys(ids):
        for m in store.members(i):
            shown_as.setdefault(m, []).append(i)
    out: dict[str, dict[str, Any]] = {}
    for r in store.query(
        "SELECT subject_id, property, time_iso, time_precision, claim_id FROM claims "
        "WHERE subject_id IN (SELECT unnest($ids)) AND time_iso IS NOT NULL "
        "AND property IN ('start', 'end', 'point_in_time', 'inception', 'dissolved') "
        "ORDER BY property, time_iso, claim_id",
        {"ids": list(shown_as)},
    ):
        date = {"time": r["time_iso"], "precision": r["time_precision"], "claim_id": r["claim_id"]}
        for i in shown_as[r["subject_id"]]:
            out.setdefault(i, {}).setdefault(r["property"], date)
    return out


def _event(
    lane: str,
    text: str,
    claim: dict[str, Any],
    start: dict[str, Any] | None,
    end: dict[str, Any] | None = None,
    entity_id: str | None = None,
) -> dict[str, Any]:
    return {
        "lane": lane,
        "label": text,
        "start": start,
        "end": end,
        "entity_id": entity_id,
        "claim_id": claim["claim_id"],
        "property": claim["property"],
        "sources": source_refs(claim),
    }


LANES = ("Formation", "Leadership", "Engagements", "Incidents", "Relations")


def timeline(store: Store, entity_id: str) -> dict[str, Any]:
    """Size over time and dated events of an entity, on one time axis."""
    claims = store.claims(subject_id=entity_id)
    inbound = store.claims(value_entity_id=entity_id)
    size: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    undated: list[dict[str, Any]] = []

    def add(ev: dict[str, Any]) -> None:
        (events if ev["start"] or ev["end"] else undated).append(ev)

    linked = [c["value_entity_id"] for c in claims if c["property"] in ("conflict", "accused_of")]
    linked += [c["subject_id"] for c in inbound if c["property"] == "conflict"]
    dates = _dates_of(store, [i for i in linked if i])

    def span_of(eid: str | None) -> tuple[dict | None, dict | None]:
        d = dates.get(eid or "", {})
        start = d.get("start") or d.get("point_in_time")
        end = d.get("end") or (d.get("point_in_time") if d.get("start") is None else None)
        strip = (lambda t: {"time": t["time"], "precision": t["precision"]}) if d else None
        return (strip(start) if start else None, strip(end) if end else None)

    for c in claims:
        p, quals = c["property"], c["qualifiers"]
        if p == "size":
            t = _first_time(quals, "point_in_time", "as_of_source_date", "start")
            point = {
                "time": t,
                "value": c["quantity"],
                "min": c["quantity_min"],
                "max": c["quantity_max"],
                "text": c["value_text"],
                "claim_id": c["claim_id"],
                "sources": source_refs(c),
            }
            size.append(point)
        elif p in ("inception", "dissolved"):
            iso, precision = time_of(c["value"])
            t = {"time": iso, "precision": precision} if iso else None
            add(_event("Formation", "Formed" if p == "inception" else "Dissolved", c, t))
        elif p in ("start", "end", "point_in_time"):
            iso, precision = time_of(c["value"])
            t = {"time": iso, "precision": precision} if iso else None
            add(_event("Formation", label(p), c, t))
        elif p == "commander":
            role = (quals.get("role") or {}).get("string") if quals.get("role") else None
            text = c["value_text"] + (f" ({role})" if role else "")
            add(
                _event(
                    "Leadership",
                    text,
                    c,
                    _first_time(quals, "start", "point_in_time"),
                    _first_time(quals, "end"),
                    c["value_entity_id"],
                )
            )
        elif p == "conflict":
            start, end = span_of(c["value_entity_id"])
            add(_event("Engagements", c["value_text"], c, start, end, c["value_entity_id"]))
        elif p == "accused_of":
            start, end = span_of(c["value_entity_id"])
            text = f"Accused of: {c['value_text']} (alleged)"
            add(_event("Incidents", text, c, start, end, c["value_entity_id"]))
        elif c["value_entity_id"] and ("start" in quals or "end" in quals):
            text = f"{label(p)}: {c['value_text']}"
            add(
                _event(
                    "Relations",
                    text,
                    c,
                    _first_time(quals, "start", "point_in_time"),
                    _first_time(quals, "end"),
                    c["value_entity_id"],
                )
            )
    for c in inbound:
        p, quals = c["property"], c["qualifiers"]
        if p == "commander":
            add(
                _event(
                    "Leadership",
                    f"Commander of {c['subject_name']}",
                    c,
                    _first_time(quals, "start", "point_in_time"),
                    _first_time(quals, "end"),
                    c["subject_id"],
                )
            )
        elif p == "conflict":
            start, end = span_of(entity_id)
            add(_event("Engagements", f"{c['subject_name']} took part", c, start, end))

    size.sort(key=lambda s: (s["time"] or {}).get("time") or "9999")
    events.sort(key=lambda e: ((e["start"] or e["end"])["time"], LANES.index(e["lane"])))
    return {
        "entity_id": entity_id,
        "lanes": list(LANES),
        "size": size,
        "events": events,
        "undated": undated,
    }


# ---------------------------------------------------------------- network


def _year(t: dict[str, Any] | None) -> int | None:
    if not t or not t.get("time"):
        return None
    try:
        iso = str(t["time"])
        y = int(iso.lstrip("-+").split("-")[0])
        return -y if iso.startswith("-") else y
    except ValueError:
        return None


def _valid_in(year: int, start: int | None, end: int | None) -> bool:
    return (start is None or start <= year) and (end is None or year <= end)


def graph(
    store: Store,
    entity_id: str,
    *,
    types: list[str] | None = None,
    year: int | None = None,
    depth: int = 1,
    max_nodes: int = 250,
) -> dict[str, Any]:
    """The entity and its neighbours through entity-valued claims, in both directions.

    `types` keeps only those properties; `year` keeps the edges and entities that
    the claims' dates allow in that year (undated ones are kept and marked)."""
    wanted = types if types is not None else DEFAULT_RELATIONS
    root = store.entity(entity_id)
    if root is None:
        raise KeyError(entity_id)
    entity_id = root["entity_id"]
    edges: dict[str, dict[str, Any]] = {}
    seen = {entity_id}
    frontier = [entity_id]
    truncated = False
    for _ in range(max(1, depth)):
        if not frontier:
            break
        expanded = list(with_members(store, frontier))
        rows = store.query(
            "SELECT c.claim_id, c.subject_id, c.property, c.value_entity_id, c.value_text, "
            "c.qualifiers_json, (SELECT list(s.source_id ORDER BY s.source_id) FROM sources s "
            "WHERE s.claim_id = c.claim_id) AS source_ids FROM claims c "
            "WHERE c.value_entity_id IS NOT NULL AND c.property IN (SELECT unnest($types)) "
            "AND (c.subject_id IN (SELECT unnest($ids)) OR c.value_entity_id IN "
            "(SELECT unnest($ids))) ORDER BY c.property, c.value_text, c.claim_id",
            {"types": wanted or [""], "ids": expanded},
        )
        canon = canonical_of(
            store, sorted({r["subject_id"] for r in rows} | {r["value_entity_id"] for r in rows})
        )
        nxt = []
        for r in rows:
            r["subject_id"], r["value_entity_id"] = (
                canon[r["subject_id"]],
                canon[r["value_entity_id"]],
            )
            if r["subject_id"] == r["value_entity_id"]:
                continue
            quals = json.loads(r.pop("qualifiers_json"))
            start = _first_time(quals, "start", "point_in_time")
            end = _first_time(quals, "end") or (
                _first_time(quals, "point_in_time") if "start" not in quals else None
            )
            if year is not None and not _valid_in(year, _year(start), _year(end)):
                continue
            for other in (r["subject_id"], r["value_entity_id"]):
                if other not in seen:
                    if len(seen) >= max_nodes:
                        truncated = True
                        break
                    seen.add(other)
                    nxt.append(other)
            else:
                edges[r["claim_id"]] = {
                    "id": r["claim_id"],
                    "source": r["subject_id"],
                    "target": r["value_entity_id"],
                    "property": r["property"],
                    "label": edge_label(r["property"]),
                    "start": start,
                    "end": end,
                    "dated": bool(start or end),
                    "source_ids": r["source_ids"] or [],
                }
        frontier = nxt
    nodes = _nodes(store, list(seen))
    if year is not None:
        gone = {
            n["id"]
            for n in nodes.values()
            if n["id"] != entity_id and not _valid_in(year, _year(n["start"]), _year(n["end"]))
        }
        edges = {
            k: e for k, e in edges.items() if e["source"] not in gone and e["target"] not in gone
        }
    linked = {entity_id} | {e["source"] for e in edges.values()}
    linked |= {e["target"] for e in edges.values()}
    return {
        "entity_id": entity_id,
        "year": year,
        "types": wanted,
        "truncated": truncated,
        "nodes": [dict(nodes[i], root=i == entity_id) for i in sorted(linked) if i in nodes],
        "edges": list(edges.values()),
    }


def _nodes(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = store.query(
        "SELECT entity_id, name, kind FROM entities WHERE entity_id IN (SELECT unnest($ids))",
        {"ids": ids},
    )
    dates = entity_dates(store, ids)
    return {
        r["entity_id"]: {
            "id": r["entity_id"],
            "name": r["name"],
            "kind": r["kind"],
            **dates.get(r["entity_id"], {"start": None, "end": None}),
        }
        for r in rows
    }


def relation_counts(store: Store, entity_id: str) -> dict[str, int]:
    """How many entity-valued claims of each property touch the entity."""
    return {
        r["property"]: int(r["n"])
        for r in store.query(
            "SELECT property, count(*) AS n FROM claims WHERE value_entity_id IS NOT NULL "
            "AND (subject_id = ? OR value_entity_id = ?) GROUP BY property ORDER BY property",
            [entity_id, entity_id],
        )
    }


# ---------------------------------------------------------------- map


def table_columns(store: Store, table: str) -> set[str]:
    """The columns of a table of the knowledge base (empty if it has no such table);
    remembered on the store, which lives for one request."""
    cache: dict[str, set[str]] = store.__dict__.setdefault("_serve_columns", {})
    if table not in cache:
        cache[table] = {
            r["column_name"]
            for r in store.query(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = ? AND table_schema = 'main'",
                [table],
            )
        }
    return cache[table]


def coordinate_columns(store: Store) -> tuple[str, str] | None:
    """The latitude and longitude columns of the geocoding table `places`, if it exists
    (`latitude`/`longitude`, or `lat`/`lon`), else None."""
    cols = table_columns(store, "places")
    if "entity_id" not in cols:
        return None
    lat = next((c for c in ("latitude", "lat") if c in cols), None)
    lon = next((c for c in ("longitude", "lon", "lng") if c in cols), None)
    return (lat, lon) if lat and lon else None


def places_table(store: Store) -> bool:
    """Whether this knowledge base has a geocoding table with coordinates."""
    return coordinate_columns(store) is not None


def coordinates(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Rows of the `places` table that have coordinates, for these entities, each with
    `lat` and `lon` (empty when there is no such table)."""
    cols = coordinate_columns(store)
    if not ids or cols is None:
        return {}
    lat, lon = cols  # column names from information_schema, never from a request
    out: dict[str, dict[str, Any]] = {}
    for r in store.query(
        f'SELECT *, "{lat}" AS lat, "{lon}" AS lon FROM places '
        f'WHERE entity_id IN (SELECT unnest($ids)) AND "{lat}" IS NOT NULL '
        f'AND "{lon}" IS NOT NULL ORDER BY entity_id',
        {"ids": ids},
    ):
        out.setdefault(r["entity_id"], {k: _plain(v) for k, v in r.items()})
    return out


def _plain(v: Any) -> Any:
    return v if v is None or isinstance(v, str | int | float | bool) else str(v)


EVENT_PROPS = ("conflict", "accused_of")
MAP_CATEGORIES = {
    "headquarters": "Headquarters",
    "area_of_operations": "Area of operations",
    "conflict": "Battle",
    "accused_of": "Incident (alleged)",
    "location": "Location",
}


def map_points(store: Store, entity_id: str) -> dict[str, Any]:
    """Headquarters, areas, battles and incidents of an entity, with coordinates where known.

    A battle or incident is placed at its own coordinates, else at those of its
    `location` claims. Merged entities (orbat resolve) count as one."""
    entity = store.entity(entity_id)
    if entity is None:
        raise KeyError(entity_id)
    entity_id = entity["entity_id"]
    claims = [
        c
        for c in store.claims(subject_id=entity_id)
        if c["property"] in MAP_CATEGORIES and c["value_entity_id"]
    ]
    canon = canonical_of(store, [c["value_entity_id"] for c in claims])
    events = {canon[c["value_entity_id"]] for c in claims if c["property"] in EVENT_PROPS}
    event_members = with_members(store, sorted(events))
    locations: dict[str, list[dict[str, Any]]] = {}
    if events:
        for r in store.query(
            "SELECT subject_id, value_entity_id, value_text, claim_id FROM claims "
            "WHERE property = 'location' AND value_entity_id IS NOT NULL "
            "AND subject_id IN (SELECT unnest($ids)) ORDER BY claim_id",
            {"ids": list(event_members)},
        ):
            locations.setdefault(event_members[r["subject_id"]], []).append(r)
    loc_ids = [r["value_entity_id"] for rs in locations.values() for r in rs]
    loc_canon = canonical_of(store, loc_ids)
    members = with_members(store, sorted({entity_id, *canon.values(), *loc_canon.values()}))
    found = coordinates(store, list(members))
    coords: dict[str, dict[str, Any]] = {}
    for member, canonical in sorted(members.items(), key=lambda kv: kv[0] != kv[1]):
        if member in found:
            coords.setdefault(canonical, found[member])
    points, unplaced = [], []
    if entity_id in coords:
        points.append(_point("Self", entity, coords[entity_id], None))
    for c in claims:
        cid = canon[c["value_entity_id"]]
        target = {"entity_id": cid, "name": c["value_text"]}
        category = MAP_CATEGORIES[c["property"]]
        where = [(target, coords.get(cid))]
        if where[0][1] is None:
            where = [
                (
                    {"entity_id": loc_canon[r["value_entity_id"]], "name": r["value_text"]},
                    coords.get(loc_canon[r["value_entity_id"]]),
                )
                for r in locations.get(cid, [])
            ] or where
        placed = False
        for place, xy in where:
            if xy is not None:
                points.append(_point(category, target, xy, c, place))
                placed = True
        if not placed:
            unplaced.append(
                {
                    "category": category,
                    "entity_id": cid,
                    "name": target["name"],
                    "claim_id": c["claim_id"],
                    "sources": source_refs(c),
                }
            )
    return {
        "entity_id": entity_id,
        "has_coordinates_table": places_table(store),
        "points": points,
        "unplaced": unplaced,
    }


def _point(
    category: str,
    target: dict[str, Any],
    xy: dict[str, Any],
    claim: dict[str, Any] | None,
    place: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "category": category,
        "entity_id": target["entity_id"],
        "name": target["name"],
        "place_id": (place or target)["entity_id"],
        "place_name": (place or target)["name"],
        "lat": float(xy["lat"]),
        "lon": float(xy["lon"]),
        "place": xy,
        "claim_id": claim["claim_id"] if claim else None,
        "sources": source_refs(claim) if claim else [],
    }


def all_places(store: Store, *, limit: int = 500, offset: int = 0) -> dict[str, Any]:
    """Every geocoded entity, for the overview map."""
    cols = coordinate_columns(store)
    empty = {"total": 0, "limit": limit, "offset": offset, "items": []}
    if cols is None:
        return {"has_coordinates_table": False, **empty}
    lat, lon = cols
    rows = store.query(
        "SELECT p.entity_id, e.name, e.kind, p.lat, p.lon, count(*) OVER () AS total FROM "
        f'(SELECT entity_id, any_value("{lat}") AS lat, any_value("{lon}") AS lon FROM places '
        f'WHERE "{lat}" IS NOT NULL AND "{lon}" IS NOT NULL GROUP BY entity_id) p '
        "JOIN entities e USING (entity_id) ORDER BY e.name, p.entity_id LIMIT ? OFFSET ?",
        [limit, offset],
    )
    total = int(rows[0]["total"]) if rows else 0
    for r in rows:
        r.pop("total")
        r["lat"], r["lon"] = float(r["lat"]), float(r["lon"])
    return {"has_coordinates_table": True, **empty, "total": total, "items": rows}


# ---------------------------------------------------------------- documents


def documents(store: Store, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    rows = store.query(
        "SELECT d.doc_id, d.title, d.origin, d.format, d.revision_id, d.revision_timestamp, "
        "CAST(d.ingested_at AS VARCHAR) AS ingested_at, length(d.text) AS length, "
        "(SELECT count(DISTINCT source_id) FROM sources s WHERE s.doc_id = d.doc_id) AS sources, "
        "count(*) OVER () AS total FROM documents d ORDER BY d.title, d.doc_id LIMIT ? OFFSET ?",
        [limit, offset],
    )
    total = int(rows[0]["total"]) if rows else 0
    for r in rows:
        r.pop("total")
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


def document(store: Store, doc_id: str, *, with_text: bool = True) -> dict[str, Any] | None:
    rows = store.query(
        "SELECT doc_id, title, origin, format, revision_id, revision_timestamp, "
        "CAST(ingested_at AS VARCHAR) AS ingested_at, length(text) AS length"
        + (", text" if with_text else "")
        + " FROM documents WHERE doc_id = ?",
        [doc_id],
    )
    return rows[0] if rows else None


def document_sources(
    store: Store, doc_id: str, *, limit: int | None = None, offset: int = 0
) -> dict[str, Any]:
    """The spans of a document that claims were read from, in text order, each with its
    claims (property, subject, value)."""
    rows = store.query(
        """
        SELECT s.source_id, s.section, s.span_start, s.span_end, s.quote, s.method,
               list({'claim_id': c.claim_id, 'property': c.property,
                     'subject_id': c.subject_id, 'subject_name': e.name,
                     'value_text': c.value_text, 'value_entity_id': c.value_entity_id}
                    ORDER BY c.property, c.claim_id) AS claims,
               count(*) OVER () AS total
        FROM sources s JOIN claims c USING (claim_id) JOIN entities e ON e.entity_id = c.subject_id
        WHERE s.doc_id = $doc
        GROUP BY s.source_id, s.section, s.span_start, s.span_end, s.quote, s.method
        ORDER BY s.span_start, s.span_end, s.source_id
        LIMIT $limit OFFSET $offset
        """,
        {"doc": doc_id, "limit": limit if limit is not None else 2**62, "offset": offset},
    )
    total = int(rows[0]["total"]) if rows else 0
    for r in rows:
        r.pop("total")
    return {"doc_id": doc_id, "total": total, "limit": limit, "offset": offset, "items": rows}


def segments(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut `text` at every span boundary: [{text, sources: [source_id...]}] in order, so
    overlapping spans can be highlighted without nesting marks."""
    n = len(text)
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for s in spans:
        a, b = max(0, min(s["span_start"], n)), max(0, min(s["span_end"], n))
        if a < b:
            opens.setdefault(a, []).append(s["source_id"])
            closes.setdefault(b, []).append(s["source_id"])
    bounds = sorted({0, n} | set(opens) | set(closes))
    active: dict[str, None] = {}  # insertion-ordered set
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        for sid in closes.get(a, []):
            active.pop(sid, None)
        for sid in opens.get(a, []):
            active[sid] = None
        out.append({"text": text[a:b], "start": a, "sources": list(active)})
    return out
