"""Words and formats the pages and the API share: property labels, dates, periods."""

from __future__ import annotations

from typing import Any

from orbat.values import MONTH_NAMES

KIND_ORDER = ("organisation", "person", "place", "battle", "incident", "other")
KIND_LABELS = {
    "organisation": "Groups",
    "person": "People",
    "place": "Places",
    "battle": "Battles and operations",
    "incident": "Incidents",
    "other": "Other",
}

LABELS = {
    "alias": "Also known as",
    "instance_of": "Type",
    "role": "Role",
    "ideology": "Ideology",
    "membership": "Membership",
    "inception": "Formed",
    "dissolved": "Dissolved",
    "start": "Start",
    "end": "End",
    "point_in_time": "Date",
    "size": "Size",
    "casualties": "Casualties",
    "headquarters": "Headquarters",
    "area_of_operations": "Areas of operation",
    "location": "Location",
    "country": "Country",
    "commander": "Commanders",
    "allegiance": "Allegiance",
    "part_of": "Part of",
    "has_subunit": "Sub-units",
    "formed_from": "Formed from",
    "founded_by": "Founded by",
    "overseen_by": "Overseen by",
    "supported_by": "Supported by",
    "trained_by": "Trained by",
    "modeled_on": "Modelled on",
    "funded_by": "Funded by",
    "ally": "Allies",
    "opponent": "Opponents",
    "succeeded_by": "Succeeded by",
    "perpetrator": "Perpetrator (alleged)",
    "instance_of_incident": "Incident type",
    "accused_of": "Accused of",
    "conflict": "Engagements",
    "equipment": "Equipment",
    "see_also": "See also",
    "motto": "Motto",
}

# How a claim "X —property→ this entity" reads from this entity's side.
INVERSE_LABELS = {
    "part_of": "Has part",
    "has_subunit": "Part of",
    "formed_from": "Became part of",
    "founded_by": "Founded",
    "overseen_by": "Oversees",
    "supported_by": "Supports",
    "trained_by": "Trains",
    "modeled_on": "Model for",
    "funded_by": "Funds",
    "ally": "Ally of",
    "opponent": "Opponent of",
    "succeeded_by": "Succeeds",
    "commander": "Commander of",
    "allegiance": "Has the allegiance of",
    "headquarters": "Headquarters of",
    "area_of_operations": "Area of operations of",
    "location": "Location of",
    "country": "Country of",
    "perpetrator": "Alleged perpetrator of",
    "accused_of": "Allegedly involving",
    "conflict": "Participants",
}

# Relation types the network page offers, in its order, with their filter group.
RELATION_GROUPS: list[tuple[str, list[str]]] = [
    ("Support", ["supported_by", "funded_by", "overseen_by", "allegiance"]),
    ("Training", ["trained_by", "modeled_on"]),
    ("Alliance", ["ally"]),
    ("Opposition", ["opponent"]),
    ("Sub-units", ["has_subunit", "part_of"]),
    ("Merges and succession", ["formed_from", "succeeded_by", "founded_by"]),
    ("Commanders", ["commander"]),
    ("Engagements", ["conflict"]),
    ("Allegations", ["accused_of", "perpetrator"]),
]
DEFAULT_RELATIONS = [p for g, props in RELATION_GROUPS if g != "Engagements" for p in props]


EDGE_LABELS = {
    "has_subunit": "has sub-unit",
    "accused_of": "accused of (alleged)",
    "perpetrator": "alleged perpetrator",
    "conflict": "took part in",
}


def edge_label(prop: str) -> str:
    """A relation's name on a network edge: 'supported by', 'commander'."""
    return EDGE_LABELS.get(prop, prop.replace("_", " "))


def label(prop: str) -> str:
    return LABELS.get(prop, prop.replace("_", " ").capitalize())


def inverse_label(prop: str) -> str:
    return INVERSE_LABELS.get(prop, f"{label(prop)} (of)")


def format_time(iso: str | None, precision: str | None = None) -> str:
    """'2012-11-01' → '1 November 2012', at the precision the text gave."""
    if not iso:
        return ""
    neg = iso.startswith("-")
    parts = iso.lstrip("-+").split("-")
    year = parts[0].lstrip("0") or "0"
    if neg:
        year += " BC"
    precision = precision or ("day" if len(parts) >= 3 else "month" if len(parts) == 2 else "year")
    try:
        if precision == "day" and len(parts) >= 3:
            return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {year}"
        if precision in ("day", "month") and len(parts) >= 2:
            return f"{MONTH_NAMES[int(parts[1]) - 1]} {year}"
    except (ValueError, IndexError):
        return iso
    if precision == "decade":
        return f"{year}s"
    return year


def time_of(v: Any) -> tuple[str | None, str | None]:
    """(iso, precision) of a time value dict, or (None, None)."""
    if isinstance(v, dict) and v.get("time"):
        return str(v["time"]), v.get("precision")
    return None, None


def format_value_time(v: Any) -> str:
    iso, precision = time_of(v)
    return format_time(iso, precision)


def period(quals: dict[str, Any]) -> str:
    """The period a claim's qualifiers give: 'March 2013 – 2016', 'as of 2023', ''."""
    start = format_value_time(quals.get("start"))
    end = format_value_time(quals.get("end"))
    if start or end:
        return f"{start or '?'} – {end or '…'}"
    if quals.get("point_in_time"):
        return f"as of {format_value_time(quals['point_in_time'])}"
    if quals.get("as_of_source_date"):
        return f"as of {format_value_time(quals['as_of_source_date'])} (source date)"
    return ""


def qualifier_bits(quals: dict[str, Any]) -> list[tuple[str, str]]:
    """Qualifiers other than the period, as (label, text) for display."""
    out = []
    skip = {"start", "end", "point_in_time", "as_of_source_date", "inferred"}
    for key in sorted(quals):
        if key in skip:
            continue
        v = quals[key]
        if isinstance(v, dict):
            text = v.get("entity") or v.get("string") or v.get("time") or v.get("quantity")
        else:
            text = v
        if text is None or text is False:
            continue
        out.append((key.replace("_", " "), "yes" if text is True else str(text)))
    return out


def safe_url(url: Any) -> str | None:
    """A citation's URL if it is plain http(s); anything else (javascript:, data:) is not linked."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    if u.lower().startswith(("http://", "https://")) and not any(c in u for c in "\r\n\t <>\"'"):
        return u
    return None
