"""The property vocabulary (shared/gold/README.md): value types and Wikidata ids."""

from __future__ import annotations

PROPERTIES: dict[str, tuple[str, str | None]] = {
    "alias": ("string", None),
    "instance_of": ("string", "P31"),
    "role": ("string", None),
    "inception": ("time", "P571"),
    "dissolved": ("time", "P576"),
    "allegiance": ("entity", "P945"),
    "part_of": ("entity", "P361"),
    "has_subunit": ("entity", "P527"),
    "formed_from": ("entity", None),
    "size": ("quantity", "P1128"),
    "headquarters": ("place", "P159"),
    "area_of_operations": ("place", "P2541"),
    "conflict": ("entity", "P607"),
    "commander": ("entity", "P488"),
    "founded_by": ("entity", "P112"),
    "overseen_by": ("entity", None),
    "supported_by": ("entity", None),
    "trained_by": ("entity", None),
    "modeled_on": ("entity", None),
    "membership": ("string", None),
    "opponent": ("entity", None),
    "ally": ("entity", None),
    "funded_by": ("entity", None),
    "accused_of": ("entity", None),
    "equipment": ("string", "P520"),
    "see_also": ("string", None),
    "start": ("time", "P580"),
    "end": ("time", "P582"),
    "point_in_time": ("time", "P585"),
    "location": ("place", "P276"),
    "casualties": ("quantity", "P1120"),
    "perpetrator": ("entity", "P8031"),
    # orbat's own additions
    "ideology": ("string", "P1142"),
    "country": ("place", "P17"),
    "succeeded_by": ("entity", "P156"),
    "motto": ("string", "P1451"),
}

QUALIFIER_TYPES: dict[str, str] = {
    "point_in_time": "time",
    "start": "time",
    "end": "time",
    "as_of_source_date": "time",
    "role": "string",
    "rank": "string",
    "note": "string",
    "location": "place",
    "country": "place",
    "hedged": "string",  # the cue ("reportedly", "alleged") that keeps a claim an allegation
    "killed_in_action": "string",
    "inferred": "string",  # which qualifier orbat inferred rather than read
}


def value_kind(prop: str) -> str:
    """The value type of a property; unknown (raw infobox) properties hold strings."""
    return PROPERTIES.get(prop, ("string", None))[0]
