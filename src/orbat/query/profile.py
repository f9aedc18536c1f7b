"""An entity's profile: what the knowledge base says about it, grouped for reading.

Every value keeps all its claims and every claim all its sources, so conflicting
statements appear side by side instead of one silently winning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class Profile:
    entity: dict[str, Any]
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    engagements: list[dict[str, Any]] = field(default_factory=list)
    mentioned_by: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "sections": self.sections,
            "engagements": self.engagements,
            "mentioned_by": self.mentioned_by,
        }


def resolve_name(store: Store, name: str) -> list[dict[str, Any]]:
    return store.find_entities(name)


def build_profile(store: Store, entity_id: str) -> Profile:
    entity = store.entity(entity_id)
    if entity is None:
        raise KeyError(entity_id)
    claims = store.claims(subject_id=entity_id)
    profile = Profile(entity)
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
    profile.engagements = engagement_tree(store, [c for c in claims if c["property"] == "conflict"])
    profile.mentioned_by = [
        c for c in store.claims(value_entity_id=entity_id) if c["property"] != "conflict"
    ]
    return profile


def _time_key(c: dict[str, Any]) -> str:
    for q in TIME_QUALIFIERS:
        v = c["qualifiers"].get(q)
        if v and "time" in v:
            return v["time"]
    return c["value"].get("time", "9999") if isinstance(c["value"], dict) else "9999"


def _incident(store: Store, entity_id: str | None) -> list[dict[str, Any]]:
    return store.claims(subject_id=entity_id) if entity_id else []


def engagement_tree(store: Store, conflict_claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nest the entity's engagements by their `part_of` claims, keeping the claims' order."""
    nodes: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for c in conflict_claims:
        eid = c["value_entity_id"]
        if eid not in nodes:
            nodes[eid] = {
                "entity_id": eid,
                "name": c["value_text"],
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
    parents: dict[str, str] = {}
    for c in store.query(
        "SELECT subject_id, property, value_entity_id, time_iso FROM claims "
        "WHERE subject_id IN (SELECT unnest(?)) AND property IN ('part_of', 'start', 'end')",
        [list(nodes)],
    ):
        node = nodes[c["subject_id"]]
        if c["property"] == "part_of" and c["value_entity_id"] in nodes:
            parents.setdefault(c["subject_id"], c["value_entity_id"])
        elif c["property"] in ("start", "end"):
            node[c["property"]] = node[c["property"]] or c["time_iso"]
    roots = []
    for eid in order:
        parent = parents.get(eid)
        (nodes[parent]["children"] if parent else roots).append(nodes[eid])
    return roots
