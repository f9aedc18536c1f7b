"""Resolution: which entities are one real thing, with the reason for every merge.

`run(store)` recomputes the whole mapping from what the knowledge base holds:
entities keep their own ids and claims, and a member is only *mapped* onto a
canonical entity (table `resolution_members`). So a re-run after more ingest,
or after a user's correction, never has to undo anything.

Order of authority: a user's `merge`/`split` (newest first) over evidence;
evidence over names. Merges are made greedily, strongest first, and a merge
that would put two entities a reader keeps apart into one cluster (through a
third) is refused, as is one whose partner is ambiguous (a bare "Mujahideen
Shura Council" matching both "(Syria)" and "(Iraq)" merges with neither).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from orbat.model import Claim, EntityRef, Kind, Source
from orbat.names import entity_id, normalize_name
from orbat.resolve.candidates import WEIGHTS, Named, NameMatch, name_candidates, pair
from orbat.resolve.evidence import (
    NAMED_EACH_OTHER,
    Facts,
    Verdict,
    document_countries,
    incompatible,
    judge,
    load_facts,
)
from orbat.resolve.geocode import Geocode, geocode, place_key, places_in_name
from orbat.resolve.normalize import LOOSE_PREFIX, is_acronym, loose_key, split_name, strict_key
from orbat.store import Store
from orbat.store.rows import ALIASES, CLAIMS, ENTITIES, SOURCES, claim_row
from orbat.store.transactions import transaction

PLACE_LINK_METHOD = "resolve:place-in-name"
# A place is looked for in at most this many of its documents' countries, most mentioned
# first: a world-spanning article names dozens, and each costs an index of that country.
MAX_COUNTRIES = 3
_AMBIGUITY_MARGIN = 0.5


@dataclass(slots=True)
class MergeRecord:
    canonical_id: str
    canonical_name: str
    member_id: str
    member_name: str
    reason: str
    origin: str  # auto | user
    score: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "canonical_id": self.canonical_id,
            "canonical": self.canonical_name,
            "member_id": self.member_id,
            "member": self.member_name,
            "reason": self.reason,
            "origin": self.origin,
            "score": self.score,
        }


@dataclass
class Report:
    """What a resolution run did, for the CLI and for tests."""

    entities: int = 0
    candidates: int = 0
    merges: list[MergeRecord] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # vetoed or ambiguous, with reasons
    places: int = 0
    places_resolved: int = 0
    unresolved_places: list[str] = field(default_factory=list)
    place_links: int = 0

    def summary(self) -> str:
        return (
            f"{self.entities} entities, {self.candidates} candidate pairs, "
            f"{len(self.merges)} merged into {len({m.canonical_id for m in self.merges})} "
            f"entities, {len(self.refused)} refused; places: {self.places_resolved}/"
            f"{self.places} geocoded, {self.place_links} battle→place links"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "entities": self.entities,
            "candidates": self.candidates,
            "merges": [m.to_json() for m in self.merges],
            "refused": self.refused,
            "places": self.places,
            "places_resolved": self.places_resolved,
            "unresolved_places": self.unresolved_places,
            "place_links": self.place_links,
        }


# ---------------------------------------------------------------- overrides


def record_override(store: Store, a: str, b: str, decision: str, reason: str | None = None) -> None:
    """Store a user's merge or split of two entities (by id); the newest decision wins."""
    if decision not in ("merge", "split"):
        raise ValueError(f"decision must be merge or split, not {decision!r}")
    if a == b:
        raise ValueError("an entity cannot be merged with or split from itself")
    x, y = pair(a, b)
    names = {
        r["entity_id"]: r["name"]
        for r in store.query(
            "SELECT entity_id, name FROM entities WHERE entity_id IN (?, ?)", [x, y]
        )
    }
    store.con.execute(
        "INSERT OR REPLACE INTO resolution_overrides "
        "(a_id, b_id, a_name, b_name, decision, reason, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, current_timestamp)",
        [x, y, names.get(x, x), names.get(y, y), decision, reason],
    )


def overrides(store: Store) -> list[dict[str, Any]]:
    """A user's corrections, newest first."""
    return store.query("SELECT * FROM resolution_overrides ORDER BY created_at DESC, a_id, b_id")


def entities_named(store: Store, name: str) -> list[dict[str, Any]]:
    """Entities (not canonical ones) whose own name or alias is `name`: what a user means.

    `Store.find_entities` answers with canonical entities, which is right for
    reading but wrong for `split`, where the user names a member.
    """
    norm = normalize_name(name)
    rows = store.query(
        "SELECT e.entity_id, e.name, e.kind, "
        "(SELECT count(*) FROM claims c WHERE c.subject_id = e.entity_id) AS n, "
        "(e.entity_id = ?) AS own_name FROM entities e "
        "WHERE e.entity_id = ? OR e.entity_id IN (SELECT entity_id FROM aliases WHERE norm = ?) "
        "OR e.entity_id IN (SELECT subject_id FROM claims WHERE property = 'alias' "
        "AND lower(value_text) = lower(?)) ORDER BY own_name DESC, n DESC, e.name",
        [entity_id(name), entity_id(name), norm, name],
    )
    if rows:
        return rows
    return store.query(
        "SELECT e.entity_id, e.name, e.kind, 0 AS n, false AS own_name FROM entities e "
        "WHERE e.entity_id IN (SELECT entity_id FROM resolution_keys WHERE key = ?)",
        [strict_key(name)],
    )


# ------------------------------------------------------------------ loading


def load_named(store: Store) -> dict[str, Named]:
    named = {
        r["entity_id"]: Named(r["entity_id"], r["name"], r["kind"], set(), int(r["n"]))
        for r in store.query(
            "SELECT e.entity_id, e.name, e.kind, count(c.claim_id) AS n FROM entities e "
            "LEFT JOIN claims c ON c.subject_id = e.entity_id GROUP BY ALL"
        )
    }
    for r in store.query("SELECT DISTINCT title FROM documents"):
        e = named.get(entity_id(r["title"]))
        if e is not None:
            e.is_title = True
    # An alias claim is the entity's own name where its own page (or a redirect to it)
    # gives it; elsewhere it is the display text of a link to it.
    own: dict[tuple[str, str], bool] = {}
    for r in store.query(
        "SELECT c.subject_id, c.value_text, d.title, s.method FROM claims c "
        "JOIN sources s ON s.claim_id = c.claim_id JOIN documents d ON d.doc_id = s.doc_id "
        "WHERE c.property = 'alias'"
    ):
        key = (r["subject_id"], normalize_name(r["value_text"]))
        mine = entity_id(r["title"]) == r["subject_id"] or r["method"] == "redirect"
        own[key] = own.get(key, False) or mine
        e = named.get(r["subject_id"])
        if e is not None and r["value_text"] != e.name:
            (e.aliases if mine else e.link_aliases).add(r["value_text"])
    for r in store.query("SELECT entity_id, alias, norm FROM aliases"):
        e = named.get(r["entity_id"])
        if e is None or r["alias"] == e.name:
            continue
        if own.get((r["entity_id"], r["norm"]), True):
            e.aliases.add(r["alias"])
        else:
            e.link_aliases.add(r["alias"])
    return named


# ------------------------------------------------------------------- places


def _place_targets(store: Store) -> list[dict[str, Any]]:
    """Entities that are places: of kind place, or the value of a place-typed claim."""
    return store.query(
        "SELECT e.entity_id, e.name, e.kind FROM entities e WHERE e.kind = 'place' "
        "OR e.entity_id IN (SELECT value_entity_id FROM claims WHERE value_type = 'place')"
    )


def _place_countries(store: Store, ids: list[str]) -> dict[str, list[str]]:
    """For each place, the countries to look in: its own "…, Syria" qualifiers, then its
    documents' countries."""
    if not ids:
        return {}
    out: dict[str, list[str]] = defaultdict(list)
    store.con.register("wanted_places", pa.table({"entity_id": ids}))
    try:
        rows = store.query(
            "SELECT c.value_entity_id AS entity_id, c.qualifiers_json, s.doc_id "
            "FROM claims c JOIN sources s ON s.claim_id = c.claim_id "
            "WHERE c.value_entity_id IN (SELECT entity_id FROM wanted_places) "
            "UNION ALL SELECT c.subject_id, '{}', s.doc_id FROM claims c "
            "JOIN sources s ON s.claim_id = c.claim_id "
            "WHERE c.subject_id IN (SELECT entity_id FROM wanted_places)"
        )
    finally:
        store.con.unregister("wanted_places")
    from orbat.resolve.geocode import country_code

    docs: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        q = json.loads(r["qualifiers_json"] or "{}").get("country")
        if isinstance(q, dict):
            code = country_code(str(q.get("entity") or q.get("string") or ""))
            if code and code not in out[r["entity_id"]]:
                out[r["entity_id"]].append(code)
        docs[r["entity_id"]].add(r["doc_id"])
    by_doc = document_countries(store, {d for ds in docs.values() for d in ds})
    for eid, ds in docs.items():
        ranked: dict[str, int] = defaultdict(int)
        for d in ds:
            for i, code in enumerate(by_doc.get(d, [])):
                ranked[code] += 10 - min(i, 9)
        for code, _ in sorted(ranked.items(), key=lambda kv: (-kv[1], kv[0])):
            if code not in out[eid]:
                out[eid].append(code)
    return {eid: codes[:MAX_COUNTRIES] for eid, codes in out.items()}


def geocode_places(store: Store) -> dict[str, Geocode]:
    """Geocode every place entity and store the answer (coordinates, or "unresolved")."""
    targets = _place_targets(store)
    countries = _place_countries(store, [t["entity_id"] for t in targets])
    results: dict[str, Geocode] = {}
    rows = []
    for t in targets:
        g = geocode(t["name"], countries.get(t["entity_id"]) or None)
        results[t["entity_id"]] = g
        p = g.place
        rows.append(
            {
                "entity_id": t["entity_id"],
                "name": t["name"],
                "status": g.status,
                "geonameid": p.geonameid if p else None,
                "latitude": p.latitude if p else None,
                "longitude": p.longitude if p else None,
                "country_code": p.country_code if p else None,
                "admin1_code": p.admin1_code if p else None,
                "feature": p.feature if p else None,
                "matched_name": p.name if p else None,
                "source": p.source if p else None,
                "precision_km": p.precision_km if p else None,
                "how": g.how or None,
                "reason": g.reason,
            }
        )
    schema = pa.schema(
        [
            ("entity_id", pa.string()),
            ("name", pa.string()),
            ("status", pa.string()),
            ("geonameid", pa.int64()),
            ("latitude", pa.float64()),
            ("longitude", pa.float64()),
            ("country_code", pa.string()),
            ("admin1_code", pa.string()),
            ("feature", pa.string()),
            ("matched_name", pa.string()),
            ("source", pa.string()),
            ("precision_km", pa.float64()),
            ("how", pa.string()),
            ("reason", pa.string()),
        ]
    )
    _replace(store, "places", pa.Table.from_pylist(rows, schema=schema))
    return results


def link_places_in_names(store: Store) -> int:
    """Give battles and incidents named after a place a `location` claim for that place.

    The claim cites the place's name where the document writes the battle's name
    (method `resolve:place-in-name`), so it keeps provenance like any other claim.
    Returns the number of new claims.
    """
    battles = store.query(
        "SELECT entity_id, name FROM entities WHERE kind IN ('battle', 'incident')"
    )
    if not battles:
        return 0
    ids = [b["entity_id"] for b in battles]
    store.con.register("wanted_battles", pa.table({"entity_id": ids}))
    try:
        mentions = store.query(
            "SELECT m.entity_id, s.doc_id, s.section, s.span_start, s.span_end, "
            "d.text FROM (SELECT value_entity_id AS entity_id, claim_id FROM claims "
            "WHERE value_entity_id IN (SELECT entity_id FROM wanted_battles) UNION ALL "
            "SELECT subject_id, claim_id FROM claims "
            "WHERE subject_id IN (SELECT entity_id FROM wanted_battles)) m "
            "JOIN sources s ON s.claim_id = m.claim_id JOIN documents d ON d.doc_id = s.doc_id "
            "ORDER BY m.entity_id, s.doc_id, s.span_start"
        )
    finally:
        store.con.unregister("wanted_battles")
    first: dict[str, dict[str, Any]] = {}
    for m in mentions:
        first.setdefault(m["entity_id"], m)
    by_doc = document_countries(store, {m["doc_id"] for m in first.values()})
    entities: dict[str, dict[str, str]] = {}
    aliases: dict[tuple[str, str], dict[str, str]] = {}
    claims: dict[str, dict[str, Any]] = {}
    sources: dict[tuple[str, str], dict[str, Any]] = {}
    for b in battles:
        m = first.get(b["entity_id"])
        if m is None:
            continue
        countries = by_doc.get(m["doc_id"], [])[:MAX_COUNTRIES] or None
        for place, start, end, _g in places_in_name(b["name"], countries):
            subject = EntityRef(b["name"], Kind.OTHER)
            value = EntityRef(place, Kind.PLACE)
            source = _name_source(m, b["name"], start, end)
            claim = Claim(subject, "location", value, source)
            row = claim_row(claim)
            row["subject_id"] = b["entity_id"]
            claims.setdefault(row["claim_id"], row)
            sources.setdefault(
                (row["claim_id"], source.id),
                {
                    "claim_id": row["claim_id"],
                    "source_id": source.id,
                    "doc_id": source.doc_id,
                    "section": source.section,
                    "span_start": source.start,
                    "span_end": source.end,
                    "quote": source.quote,
                    "method": source.method,
                    "confidence": source.confidence,
                    "citations_json": "[]",
                },
            )
            entities.setdefault(value.id, {"entity_id": value.id, "name": place, "kind": "place"})
            norm = normalize_name(place)
            aliases.setdefault(
                (value.id, norm), {"entity_id": value.id, "alias": place, "norm": norm}
            )
    if not claims:
        return 0
    stats = store.write_tables(
        {
            "entities": pa.Table.from_pylist(list(entities.values()), schema=ENTITIES),
            "aliases": pa.Table.from_pylist(list(aliases.values()), schema=ALIASES),
            "claims": pa.Table.from_pylist(list(claims.values()), schema=CLAIMS),
            "sources": pa.Table.from_pylist(list(sources.values()), schema=SOURCES),
        }
    )
    return stats.claims


def _name_source(mention: dict[str, Any], name: str, start: int, end: int) -> Source:
    """The place's words where the document writes the battle's name, near the mention."""
    text = mention["text"] or ""
    lo = max(0, mention["span_start"] - 10)
    at = text.find(name, lo, mention["span_end"] + len(name) + 10)
    if at < 0:
        at = text.find(name)
    if at >= 0:
        s, e = at + start, at + end
    else:
        s, e = mention["span_start"], mention["span_end"]
    return Source(
        mention["doc_id"],
        mention["section"],
        s,
        e,
        text[s:e] if text else name[start:end],
        PLACE_LINK_METHOD,
        0.8,
    )


# ---------------------------------------------------------------- clustering


class _Clusters:
    """Union-find that keeps its members, so merges can be checked cluster against cluster."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.edges: dict[str, list[tuple[str, str, str, str, float | None]]] = defaultdict(list)

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        self.members.setdefault(x, {x})
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str, reason: str, origin: str, score: float | None) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        self.edges[ra].extend(self.edges.pop(rb, []))
        self.edges[ra].append((a, b, reason, origin, score))


def run(store: Store, *, places: bool = True) -> Report:
    """Recompute resolution: place links, geocodes, merges. Safe to call after every ingest."""
    report = Report()
    if places:
        report.place_links = link_places_in_names(store)
    named = load_named(store)
    report.entities = len(named)
    matches = name_candidates(named.values())
    geocodes: dict[str, Geocode] = {}
    if places:
        geocodes = geocode_places(store)
        report.places = len(geocodes)
        report.places_resolved = sum(1 for g in geocodes.values() if g.place)
        report.unresolved_places = sorted(
            named[e].name for e, g in geocodes.items() if not g.place and e in named
        )
        _same_place_matches(named, geocodes, matches)
    user = overrides(store)
    ids = {x for m in matches for x in m} | {o["a_id"] for o in user} | {o["b_id"] for o in user}
    facts = load_facts(store, ids)
    for eid, f in facts.items():
        f.is_title = named[eid].is_title if eid in named else False
    for eid, g in geocodes.items():
        if eid in facts and g.place and g.place.feature != "country":
            facts[eid].place = (g.place.geonameid or g.place.name, g.place.name)
    report.candidates = len(matches)

    clusters = _Clusters()
    cannot: set[tuple[str, str]] = set()
    for o in user:  # newest first: an older decision that contradicts a newer one is ignored
        a, b = o["a_id"], o["b_id"]
        if a not in named or b not in named:
            continue
        why = f"user {o['decision']}" + (f": {o['reason']}" if o["reason"] else "")
        if o["decision"] == "merge":
            if not _blocked(clusters, cannot, a, b):
                clusters.union(a, b, why, "user", None)
        elif clusters.find(a) != clusters.find(b):
            cannot.add(pair(a, b))

    verdicts: list[tuple[float, tuple[str, str], Verdict]] = []
    for key, m in matches.items():
        fa, fb = facts.get(key[0]), facts.get(key[1])
        if fa is None or fb is None:
            continue
        v = judge(fa, fb, m)
        if v.veto:
            if m.weight >= WEIGHTS["shared_alias"]:
                report.refused.append(f"{fa.name!r} / {fb.name!r}: {v.veto}")
            continue
        if v.merge:
            verdicts.append((v.score, key, v))
    verdicts.sort(key=lambda t: (-t[0], t[1]))
    best: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for score, (a, b), _v in verdicts:
        best[a].append((score, b))
        best[b].append((score, a))
    aliased = {k for k, m in matches.items() if m.how in NAMED_EACH_OTHER}
    for score, (a, b), v in verdicts:
        if clusters.find(a) == clusters.find(b):
            continue
        why = _blocked(clusters, cannot, a, b) or _incompatible_clusters(
            clusters, facts, aliased, a, b
        )
        if not why:
            why = _ambiguous(clusters, facts, aliased, best, a, b, score)
        if why:
            report.refused.append(f"{facts[a].name!r} / {facts[b].name!r}: {why}")
            continue
        clusters.union(a, b, v.text(), "auto", score)

    rows = []
    for root, members in list(clusters.members.items()):
        if len(members) < 2 or clusters.find(root) != root:
            continue
        canon = _canonical(members, named)
        edges = clusters.edges.get(root, [])
        for m in sorted(members - {canon}):
            mine = [e for e in edges if m in (e[0], e[1])] or edges
            reason = " | ".join(
                f"{named[x].name!r} = {named[y].name!r}: {r}" for x, y, r, _o, _s in mine
            )
            origin = "user" if any(o == "user" for *_rest, o, _s in mine) else "auto"
            score = max((s for *_r, s in mine if s is not None), default=None)
            rows.append(
                MergeRecord(canon, named[canon].name, m, named[m].name, reason, origin, score)
            )
    report.merges = rows
    _write_members(store, rows)
    _write_keys(store, named)
    return report


def _same_place_matches(
    named: dict[str, Named],
    geocodes: dict[str, Geocode],
    matches: dict[tuple[str, str], NameMatch],
) -> None:
    """Two place entities that the gazetteer puts at one place are candidates.

    Only candidates: GeoNames lists a province's name among its capital's alternate
    names ("Sulu" for Jolo), so the map alone does not make two names one place.
    """
    at: dict[Any, list[str]] = defaultdict(list)
    for eid, g in geocodes.items():
        p = g.place
        if p and p.feature != "country" and eid in named:
            at[(p.source if p.geonameid is None else "gn", p.geonameid or p.name)].append(eid)
    for (_src, where), ids in at.items():
        if len(ids) < 2 or len(ids) > 20:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                key = pair(a, b)
                place = geocodes[a].place
                label = f"{place.name} (GeoNames {where})" if place.geonameid else place.name
                detail = f"{named[a].name!r} and {named[b].name!r} are both {label} on the map"
                prior = matches.get(key)
                if prior is None or prior.weight < WEIGHTS["same_place"]:
                    matches[key] = NameMatch(
                        key[0], key[1], "same_place", WEIGHTS["same_place"], detail
                    )


def _blocked(clusters: _Clusters, cannot: set[tuple[str, str]], a: str, b: str) -> str | None:
    ma, mb = clusters.members[clusters.find(a)], clusters.members[clusters.find(b)]
    for x in ma:
        for y in mb:
            if pair(x, y) in cannot:
                return "a user split them"
    return None


def _incompatible_clusters(
    clusters: _Clusters, facts: dict[str, Facts], aliased: set[tuple[str, str]], a: str, b: str
) -> str | None:
    ma, mb = clusters.members[clusters.find(a)], clusters.members[clusters.find(b)]
    for x in ma:
        for y in mb:
            fx, fy = facts.get(x), facts.get(y)
            if fx is None or fy is None:
                continue
            why = incompatible(fx, fy, named_each_other=pair(x, y) in aliased)
            if why:
                return f"would join {fx.name!r} and {fy.name!r}, which have {why}"
    return None


def _ambiguous(
    clusters: _Clusters,
    facts: dict[str, Facts],
    aliased: set[tuple[str, str]],
    best: dict[str, list[tuple[float, str]]],
    a: str,
    b: str,
    score: float,
) -> str | None:
    """Whether `a` fits another candidate about as well as `b`, one that `b` excludes."""
    for x, y in ((a, b), (b, a)):
        for other_score, c in best.get(x, []):
            if c == y or other_score < score - _AMBIGUITY_MARGIN:
                continue
            if clusters.find(c) == clusters.find(y) or clusters.find(c) == clusters.find(x):
                continue
            fc, fy = facts.get(c), facts.get(y)
            if fc and fy and incompatible(fc, fy, named_each_other=pair(c, y) in aliased):
                return f"ambiguous: {facts[x].name!r} fits {fc.name!r} as well"
    return None


def _canonical(members: set[str], named: dict[str, Named]) -> str:
    """The member a cluster is shown as: a known kind, a clean name (a page title if
    any, without a disambiguator if possible), then the most claims."""

    def rank(eid: str) -> tuple:
        e = named[eid]
        clean = e.name[:1].isalnum() and not is_acronym(e.name)
        plain = split_name(e.name).disambiguator is None
        return (e.kind != "other", clean, e.is_title, plain, e.n_claims, -len(e.name), eid)

    return max(members, key=rank)


def _write_members(store: Store, rows: list[MergeRecord]) -> None:
    table = pa.Table.from_pylist(
        [
            {
                "entity_id": r.member_id,
                "canonical_id": r.canonical_id,
                "reason": r.reason,
                "origin": r.origin,
                "score": r.score,
            }
            for r in rows
        ],
        schema=pa.schema(
            [
                ("entity_id", pa.string()),
                ("canonical_id", pa.string()),
                ("reason", pa.string()),
                ("origin", pa.string()),
                ("score", pa.float64()),
            ]
        ),
    )
    _replace(store, "resolution_members", table)


def _write_keys(store: Store, named: dict[str, Named]) -> None:
    keys = set()
    for e in named.values():
        for n in {e.name, *e.aliases}:
            k = strict_key(n)
            if k:
                keys.add((k, e.entity_id))
            pk = place_key(n)
            if pk and pk != k:
                keys.add((pk, e.entity_id))
            lk = loose_key(n)
            if lk:
                keys.add((LOOSE_PREFIX + lk, e.entity_id))
    table = pa.table(
        {"key": [k for k, _ in keys], "entity_id": [e for _, e in keys]},
        schema=pa.schema([("key", pa.string()), ("entity_id", pa.string())]),
    )
    _replace(store, "resolution_keys", table)


def _replace(store: Store, name: str, table: pa.Table) -> None:
    """Replace a derived table's rows in one transaction (readers never see it half-built)."""
    with transaction(store.con) as con:
        con.execute(f"DELETE FROM {name}")
        if table.num_rows:
            con.register("derived_rows", table)
            cols = ", ".join(table.schema.names)
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM derived_rows")
            con.unregister("derived_rows")


def user_merge(store: Store, a: str, b: str, reason: str | None = None) -> Report:
    """A user says `a` and `b` are one thing: recorded, then resolution re-run."""
    record_override(store, a, b, "merge", reason)
    return run(store)


def user_split(store: Store, a: str, b: str, reason: str | None = None) -> Report:
    """A user says `a` and `b` are two things: recorded, then resolution re-run."""
    record_override(store, a, b, "split", reason)
    return run(store)
