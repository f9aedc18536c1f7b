"""An entity's profile: what the knowledge base says about it, grouped for reading.

Every value keeps all its claims and every claim all its sources, so conflicting
statements appear side by side instead of one silently winning. A resolved
entity shows what all its members say; the same statement read from two
documents (about two members) is one line with both sources.

Disagreements are found and marked, never settled: different sizes for
overlapping times, different founding or ending dates, one commander with
different periods in different sources. Each variant keeps its own sources.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from orbat.resolve.evidence import Bound, interval
from orbat.store import Store

SECTIONS: list[tuple[str, list[str]]] = [
    ("Names", ["alias"]),
    ("Type and role", ["instance_of", "role", "ideology", "membership"]),
    ("Dates", ["inception", "dissolved", "start", "end", "point_in_time"]),
    ("Size", ["size", "casualties"]),
    ("Places", ["headquarters", "area_of_operations", "location", "country"]),
    ("Commanders", ["commander"]),
    (
        "Relations",
        [
            "allegiance",
            "part_of",
            "has_subunit",
            "formed_from",
            "founded_by",
            "overseen_by",
            "supported_by",
            "trained_by",
            "modeled_on",
            "funded_by",
            "ally",
            "opponent",
            "succeeded_by",
            "perpetrator",
            "instance_of_incident",
        ],
    ),
    ("Allegations", ["accused_of"]),
    ("Other", ["equipment", "see_also", "motto"]),
]
TIME_QUALIFIERS = ("point_in_time", "start", "end", "as_of_source_date")
# Properties that hold one true value (at the precision it is known): two values that cannot
# both be right are a disagreement.
SINGLE_TIME = ("inception", "dissolved", "start", "end", "point_in_time")
# Quantities that disagree when they differ for overlapping times.
TIMED_QUANTITIES = ("size",)
# Quantities of one event: they disagree whenever they differ.
EVENT_QUANTITIES = ("casualties",)
PERIOD_PROPERTIES = ("commander",)


@dataclass
class Profile:
    entity: dict[str, Any]
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    engagements: list[dict[str, Any]] = field(default_factory=list)
    mentioned_by: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    groups: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "sections": self.sections,
            "engagements": self.engagements,
            "mentioned_by": self.mentioned_by,
            "conflicts": self.conflicts,
            "groups": self.groups,
        }


def resolve_name(store: Store, name: str) -> list[dict[str, Any]]:
    return store.find_entities(name)


def build_profile(store: Store, entity_id: str) -> Profile:
    entity = store.entity(entity_id)
    if entity is None:
        raise KeyError(entity_id)
    canon = entity["entity_id"]
    claims = merge_duplicates(store.claims(subject_id=canon))
    profile = Profile(entity)
    profile.conflicts = find_conflicts(claims)
    for k in profile.conflicts:
        for c in k["variants"]:
            c.setdefault("conflicts", []).append(k["id"])
    placed: set[str] = set()
    for title, props in SECTIONS:
        rows = [c for c in claims if c["property"] in props and c["property"] != "conflict"]
        if title == "Allegations":
            for c in rows:
                c["incident"] = _incident(store, c["value_entity_id"])
        rows.sort(key=lambda c: (props.index(c["property"]), _time_key(c), c["value_text"]))
        if rows:
            profile.sections[title] = rows
            placed.update(c["claim_id"] for c in rows)
    rest = [c for c in claims if c["claim_id"] not in placed and c["property"] != "conflict"]
    if rest:
        profile.sections.setdefault("Other", []).extend(
            sorted(rest, key=lambda c: (c["property"], c["value_text"]))
        )
    profile.groups = group_by_time([c for c in claims if c["property"] != "conflict"])
    profile.engagements = engagement_tree(store, [c for c in claims if c["property"] == "conflict"])
    profile.mentioned_by = [
        c
        for c in merge_duplicates(store.claims(value_entity_id=canon))
        if c["property"] != "conflict"
    ]
    return profile


# ------------------------------------------------------------ duplicates


def merge_duplicates(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per statement: the same property, value and qualifiers said about two
    members of a resolved entity (two claim ids) become one, with every source."""
    out: dict[tuple[str, ...], dict[str, Any]] = {}
    for c in claims:
        key = (
            c.get("subject_canonical_id") or c["subject_id"],
            c["property"],
            c.get("value_canonical_id")
            or c.get("value_entity_id")
            or json.dumps(c["value"], sort_keys=True),
            json.dumps(c["qualifiers"], sort_keys=True),
        )
        seen = out.get(key)
        if seen is None:
            c["claim_ids"] = [c["claim_id"]]
            out[key] = c
            continue
        seen["claim_ids"].append(c["claim_id"])
        known = {s["source_id"] for s in seen["sources"]}
        seen["sources"].extend(s for s in c["sources"] if s["source_id"] not in known)
    return list(out.values())


# ---------------------------------------------------------- time grouping


def _q_time(c: dict[str, Any], name: str) -> str | None:
    v = c["qualifiers"].get(name)
    return v.get("time") if isinstance(v, dict) else None


def claim_span(c: dict[str, Any]) -> tuple[Bound, Bound] | None:
    """The time a claim is said to hold for, from its qualifiers; None if undated."""
    pit = _q_time(c, "point_in_time")
    if pit:
        return interval(pit)
    start, end = _q_time(c, "start"), _q_time(c, "end")
    if start or end:
        lo = interval(start)[0] if start else (1, 1, 1)
        hi = interval(end)[1] if end else (9999, 12, 31)
        return lo, hi
    asof = _q_time(c, "as_of_source_date")
    return interval(asof) if asof else None


def when_label(c: dict[str, Any]) -> str:
    """How a reader sees a claim's time: "2013-06", "2012-11 – 2014", "source dated 2015"."""
    pit = _q_time(c, "point_in_time")
    if pit:
        return pit
    start, end = _q_time(c, "start"), _q_time(c, "end")
    if start or end:
        return f"{start or '?'} – {end or '…'}"
    asof = _q_time(c, "as_of_source_date")
    return f"source dated {asof}" if asof else "undated"


def group_by_time(claims: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per property, the claims grouped by the time they hold for, in time order.

    Each group: {"when", "variants": [claim ids], "conflicts": [conflict ids]}.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    by_prop: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for c in claims:
        label = "" if c["property"] in SINGLE_TIME else when_label(c)
        by_prop[c["property"]][label].append(c)
    for prop, groups in by_prop.items():
        ordered = sorted(groups.items(), key=lambda kv: (_group_sort(kv[1]), kv[0]))
        out[prop] = [
            {
                "when": label,
                "variants": [c["claim_id"] for c in cs],
                "conflicts": sorted({k for c in cs for k in c.get("conflicts", [])}),
            }
            for label, cs in ordered
        ]
    return out


def _group_sort(cs: list[dict[str, Any]]) -> tuple[int, ...]:
    spans = [s for s in (claim_span(c) for c in cs) if s]
    return min(s[0] for s in spans) if spans else (9999, 99, 99)


# -------------------------------------------------------------- conflicts


def _quantity_range(v: Any) -> tuple[float, float] | None:
    q = v.get("quantity") if isinstance(v, dict) else None
    if isinstance(q, int | float):
        return float(q), float(q)
    if isinstance(q, dict):
        lo = q.get("min")
        hi = q.get("max")
        if lo is None and hi is None:
            return None
        return (float(lo) if lo is not None else float("-inf")), (
            float(hi) if hi is not None else float("inf")
        )
    return None


def _quantities_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ra, rb = _quantity_range(a["value"]), _quantity_range(b["value"])
    if ra is None or rb is None:
        return True
    return ra[0] <= rb[1] and rb[0] <= ra[1]


def _times_agree(a: str, b: str) -> bool:
    ia, ib = interval(a), interval(b)
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def _overlap(a: tuple[Bound, Bound] | None, b: tuple[Bound, Bound] | None) -> bool:
    return bool(a and b and a[0] <= b[1] and b[0] <= a[1])


def _docs(c: dict[str, Any]) -> set[str]:
    return {s["doc_id"] for s in c["sources"]}


def _components(
    claims: list[dict[str, Any]], clash: list[tuple[int, int]]
) -> list[list[dict[str, Any]]]:
    """Claims linked by a clash, as groups (a disagreement among three is one conflict)."""
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in clash:
        parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, j in clash:
        groups[find(i)].extend([i, j])
    return [[claims[i] for i in sorted(set(ix))] for ix in groups.values()]


def find_conflicts(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statements that cannot all be right, each listed with its own sources."""
    out: list[dict[str, Any]] = []
    by_prop: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        by_prop[c["property"]].append(c)

    def add(prop: str, kind: str, summary: str, variants: list[dict[str, Any]]) -> None:
        out.append(
            {
                "id": f"K{len(out) + 1}",
                "property": prop,
                "kind": kind,
                "summary": summary,
                "variants": variants,
            }
        )

    for prop in SINGLE_TIME:
        cs = [
            c
            for c in by_prop.get(prop, [])
            if isinstance(c["value"], dict) and "time" in c["value"]
        ]
        clash = [
            (i, j)
            for i in range(len(cs))
            for j in range(i + 1, len(cs))
            if not _times_agree(cs[i]["value"]["time"], cs[j]["value"]["time"])
        ]
        for group in _components(cs, clash):
            values = ", ".join(sorted({c["value_text"] for c in group}))
            add(prop, "value", f"different {prop.replace('_', ' ')} dates: {values}", group)

    for prop in (*TIMED_QUANTITIES, *EVENT_QUANTITIES):
        cs = by_prop.get(prop, [])
        clash = []
        for i in range(len(cs)):
            for j in range(i + 1, len(cs)):
                a, b = cs[i], cs[j]
                if _quantities_agree(a, b):
                    continue
                if prop in EVENT_QUANTITIES or _overlap(claim_span(a), claim_span(b)):
                    clash.append((i, j))
        for group in _components(cs, clash):
            whens = sorted({when_label(c) for c in group})
            values = ", ".join(c["value_text"] for c in group)
            where = (
                "" if prop in EVENT_QUANTITIES else f" for overlapping times ({'; '.join(whens)})"
            )
            add(prop, "value", f"different {prop} figures{where}: {values}", group)

    for prop in PERIOD_PROPERTIES:
        by_value: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in by_prop.get(prop, []):
            by_value[c.get("value_canonical_id") or c["value_text"]].append(c)
        for cs in by_value.values():
            timed = [c for c in cs if claim_span(c) and not _q_time(c, "as_of_source_date")]
            clash = [
                (i, j)
                for i in range(len(timed))
                for j in range(i + 1, len(timed))
                if _docs(timed[i]) != _docs(timed[j]) and not _periods_agree(timed[i], timed[j])
            ]
            for group in _components(timed, clash):
                periods = "; ".join(f"{when_label(c)}" for c in group)
                add(
                    prop,
                    "period",
                    f"{group[0]['value_text']}: different periods in different sources ({periods})",
                    group,
                )
    return out


def _periods_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two periods of one commander can both be right: their known starts agree
    and their known ends agree, or one is a moment within the other."""
    pa, pb = _q_time(a, "point_in_time"), _q_time(b, "point_in_time")
    if pa or pb:
        return _overlap(claim_span(a), claim_span(b))
    for q in ("start", "end"):
        x, y = _q_time(a, q), _q_time(b, q)
        if x and y and not _times_agree(x, y):
            return False
    return True


# ----------------------------------------------------------------- helpers


def _time_key(c: dict[str, Any]) -> str:
    for q in TIME_QUALIFIERS:
        v = c["qualifiers"].get(q)
        if v and "time" in v:
            return v["time"]
    return c["value"].get("time", "9999") if isinstance(c["value"], dict) else "9999"


def _incident(store: Store, entity_id: str | None) -> list[dict[str, Any]]:
    return merge_duplicates(store.claims(subject_id=entity_id)) if entity_id else []


def _canonical_map(store: Store, ids: list[str]) -> dict[str, list[str]]:
    """For canonical ids, all their member ids (the id itself first)."""
    out = {i: [i] for i in ids}
    if not ids or not store._resolved():
        return out
    for r in store.query(
        "SELECT entity_id, canonical_id FROM resolution_members "
        "WHERE canonical_id IN (SELECT unnest(?))",
        [ids],
    ):
        out[r["canonical_id"]].append(r["entity_id"])
    return out


def engagement_tree(store: Store, conflict_claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nest the entity's engagements by their `part_of` claims, keeping the claims' order.

    Battles are keyed by their resolved entity, so a battle named two ways in two
    sources is one node.
    """
    nodes: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for c in conflict_claims:
        eid = c.get("value_canonical_id") or c["value_entity_id"]
        if eid not in nodes:
            nodes[eid] = {
                "entity_id": eid,
                "name": c.get("value_name") or c["value_text"],
                "claim": c,
                "children": [],
                "start": None,
                "end": None,
            }
            order.append(eid)
    order.sort(
        key=lambda e: (
            min(s["span_start"] for s in nodes[e]["claim"]["sources"])
            if nodes[e]["claim"]["sources"]
            else 0
        )
    )
    if not nodes:
        return []
    members = _canonical_map(store, list(nodes))
    owner = {m: canon for canon, ms in members.items() for m in ms}
    parents: dict[str, str] = {}
    for c in store.query(
        "SELECT subject_id, property, value_entity_id, time_iso FROM claims "
        "WHERE subject_id IN (SELECT unnest(?)) AND property IN ('part_of', 'start', 'end')",
        [list(owner)],
    ):
        me = owner[c["subject_id"]]
        node = nodes[me]
        parent = owner.get(c["value_entity_id"] or "")
        if c["property"] == "part_of" and parent and parent != me:
            parents.setdefault(me, parent)
        elif c["property"] in ("start", "end"):
            node[c["property"]] = node[c["property"]] or c["time_iso"]
    roots = []
    for eid in order:
        parent = parents.get(eid)
        if parent and _is_ancestor(parents, eid, parent):
            parent = None  # a cycle through merged battles: show it at the top
        (nodes[parent]["children"] if parent else roots).append(nodes[eid])
    return roots


def _is_ancestor(parents: dict[str, str], node: str, start: str) -> bool:
    seen = set()
    cur: str | None = start
    while cur is not None and cur not in seen:
        if cur == node:
            return True
        seen.add(cur)
        cur = parents.get(cur)
    return False
