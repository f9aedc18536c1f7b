"""Evidence beyond names: what decides whether two candidate entities are one.

Names propose (`candidates`); this module weighs what the knowledge base says
about both entities, and vetoes what a reader would keep apart:

- different kinds never merge ("Raqqa" the city, "Raqqa campaign" the battle);
- different disambiguators never merge ("… (Syria)" and "… (Iraq)");
- names with different dates or numbers never merge ("Raqqa campaign (2012–2013)"
  is *part of* "Raqqa campaign"; "1st" and "2nd Qalamoun offensive" are two);
- battles whose periods do not overlap never merge;
- places that the gazetteer puts at different places never merge.

What counts for a merge: the same kind, a disambiguator that fits the other's
country, shared countries, places and commanders, compatible founding dates,
the same place on the map. Each point of evidence is kept in words, because
every merge must say why it was made.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from orbat.resolve.candidates import NameMatch
from orbat.resolve.geocode import countries_in, country_code
from orbat.resolve.normalize import NameParts, split_name, strict_key

if TYPE_CHECKING:
    from orbat.store import Store

MERGE_THRESHOLD = 3.0
# Matches where a source itself names one entity by the other's name.
NAMED_EACH_OTHER = ("alias", "link_alias", "arabic", "translated")
UNKNOWN_KIND = "other"
PLACE_PROPS = ("headquarters", "area_of_operations", "location")
LEADER_PROPS = ("commander", "leader", "founded_by")
TIME_PROPS = ("inception", "dissolved", "start", "end", "point_in_time")
# Interval bounds of a date at its precision: (year, month, day) tuples.
Bound = tuple[int, int, int]


@dataclass(slots=True)
class Facts:
    """What the knowledge base says about one entity, reduced to what evidence compares."""

    entity_id: str
    name: str
    kind: str
    n_claims: int = 0
    parts: NameParts = field(default_factory=lambda: NameParts("", None, frozenset()))
    countries: set[str] = field(default_factory=set)  # ISO codes from its own claims and title
    context_countries: set[str] = field(default_factory=set)  # of the documents mentioning it
    places: set[str] = field(default_factory=set)
    leaders: set[str] = field(default_factory=set)
    times: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    place: tuple[Any, str] | None = None  # (geonameid or name, display) once geocoded
    is_title: bool = False  # a document is about it

    @property
    def period(self) -> tuple[Bound, Bound] | None:
        """The span a battle or incident covers: start/end claims, else its name's dates."""
        starts = self.times.get("start") or self.times.get("point_in_time") or []
        ends = self.times.get("end") or self.times.get("point_in_time") or []
        if not starts and not ends:
            from orbat.extract.battles import name_period

            p = name_period(self.name)
            if p is None or not (p.start or p.end):
                return None
            lo = interval(p.start.iso)[0] if p.start else (1, 1, 1)
            hi = interval(p.end.iso)[1] if p.end else (9999, 12, 31)
            if p.start and not p.end and not p.ongoing:
                hi = interval(p.start.iso)[1]
            return lo, hi
        lo = min(interval(s)[0] for s in starts) if starts else (1, 1, 1)
        hi = max(interval(e)[1] for e in ends) if ends else (9999, 12, 31)
        return lo, hi


@dataclass(slots=True)
class Verdict:
    score: float
    reasons: list[str]
    veto: str | None = None

    @property
    def merge(self) -> bool:
        return self.veto is None and self.score >= MERGE_THRESHOLD

    def text(self) -> str:
        return "; ".join(self.reasons) + f" [score {self.score:.1f}]"


def interval(iso: str) -> tuple[Bound, Bound]:
    """The first and last day a date at its precision can mean: "2013" → 2013-01-01…12-31."""
    parts = [int(p) for p in iso.split("-") if p]
    y = parts[0]
    if len(parts) == 1:
        return (y, 1, 1), (y, 12, 31)
    if len(parts) == 2:
        return (y, parts[1], 1), (y, parts[1], 31)
    return (y, parts[1], parts[2]), (y, parts[1], parts[2])


def overlaps(a: tuple[Bound, Bound], b: tuple[Bound, Bound]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def compatible_times(a: str, b: str) -> bool:
    """Whether two dates can mean the same day ("2012" and "2012-11-01" can)."""
    return overlaps(interval(a), interval(b))


# ------------------------------------------------------------------- loading


def load_facts(store: Store, ids: set[str]) -> dict[str, Facts]:
    """Facts of the given entities, in a few set-based queries (not one per entity)."""
    if not ids:
        return {}
    store.con.register("wanted_entities", pa.table({"entity_id": sorted(ids)}))
    try:
        ents = store.query(
            "SELECT e.entity_id, e.name, e.kind, "
            "(SELECT count(*) FROM claims c WHERE c.subject_id = e.entity_id) AS n "
            "FROM entities e WHERE e.entity_id IN (SELECT entity_id FROM wanted_entities)"
        )
        facts = {
            r["entity_id"]: Facts(
                r["entity_id"], r["name"], r["kind"], int(r["n"]), split_name(r["name"])
            )
            for r in ents
        }
        for f in facts.values():
            if f.parts.disambiguator:
                f.countries.update(countries_in(f.parts.disambiguator))
        props = [*PLACE_PROPS, *LEADER_PROPS, *TIME_PROPS, "country"]
        rows = store.query(
            "SELECT c.subject_id, c.property, c.value_text, c.time_iso, c.qualifiers_json "
            "FROM claims c WHERE c.subject_id IN (SELECT entity_id FROM wanted_entities) "
            "AND c.property IN (SELECT unnest(?))",
            [props],
        )
        for r in rows:
            f = facts.get(r["subject_id"])
            if f is None:
                continue
            p = r["property"]
            if p in TIME_PROPS and r["time_iso"]:
                f.times[p].append(r["time_iso"])
            elif p in PLACE_PROPS:
                f.places.add(strict_key(r["value_text"]))
            elif p in LEADER_PROPS:
                f.leaders.add(strict_key(r["value_text"]))
            if p == "country" or p in PLACE_PROPS:
                code = country_code(r["value_text"])
                if code:
                    f.countries.add(code)
            quals = json.loads(r["qualifiers_json"] or "{}")
            q = quals.get("country")
            if isinstance(q, dict):
                code = country_code(str(q.get("entity") or q.get("string") or ""))
                if code:
                    f.countries.add(code)
        doc_map: dict[str, set[str]] = defaultdict(set)
        for r in store.query(
            "SELECT DISTINCT m.entity_id, s.doc_id FROM ("
            "  SELECT subject_id AS entity_id, claim_id FROM claims "
            "  WHERE subject_id IN (SELECT entity_id FROM wanted_entities) "
            "  UNION ALL SELECT value_entity_id, claim_id FROM claims "
            "  WHERE value_entity_id IN (SELECT entity_id FROM wanted_entities)"
            ") m JOIN sources s ON s.claim_id = m.claim_id"
        ):
            doc_map[r["doc_id"]].add(r["entity_id"])
        for doc, codes in document_countries(store, set(doc_map)).items():
            for eid in doc_map.get(doc, ()):
                if eid in facts:
                    facts[eid].context_countries.update(codes)
    finally:
        store.con.unregister("wanted_entities")
    return facts


def document_countries(store: Store, doc_ids: set[str]) -> dict[str, list[str]]:
    """The countries each document is about, most mentioned first.

    Read from what the document says: `country` claims, "…, Syria" qualifiers,
    places that are countries, and its title's disambiguator ("(Syrian rebel group)").
    """
    if not doc_ids:
        return {}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    store.con.register("wanted_docs", pa.table({"doc_id": sorted(doc_ids)}))
    try:
        rows = store.query(
            "SELECT s.doc_id, c.property, c.value_type, c.value_text, c.qualifiers_json "
            "FROM claims c JOIN sources s ON s.claim_id = c.claim_id "
            "WHERE s.doc_id IN (SELECT doc_id FROM wanted_docs) AND (c.property = 'country' "
            "OR c.value_type = 'place' OR c.qualifiers_json LIKE '%\"country\"%')"
        )
        titles = store.query(
            "SELECT doc_id, title FROM documents WHERE doc_id IN (SELECT doc_id FROM wanted_docs)"
        )
    finally:
        store.con.unregister("wanted_docs")
    for r in rows:
        code = None
        if r["property"] == "country" or r["value_type"] == "place":
            code = country_code(r["value_text"])
        if code:
            counts[r["doc_id"]][code] += 1
        q = json.loads(r["qualifiers_json"] or "{}").get("country")
        if isinstance(q, dict):
            code = country_code(str(q.get("entity") or q.get("string") or ""))
            if code:
                counts[r["doc_id"]][code] += 2
    for t in titles:
        d = split_name(t["title"]).disambiguator
        for code in countries_in(d) if d else []:
            counts[t["doc_id"]][code] += 3
    return {
        doc: [c for c, _ in sorted(cs.items(), key=lambda kv: (-kv[1], kv[0]))]
        for doc, cs in counts.items()
    }


# ----------------------------------------------------------------- judging


def incompatible(a: Facts, b: Facts, *, named_each_other: bool = False) -> str | None:
    """Why a reader would keep these two apart, or None.

    `named_each_other`: one lists the other's name as its own, which outweighs a
    difference of dates in the names ("4th Rif Dimashq offensive" is the display
    name of "Rif Dimashq offensive (March–August 2013)").
    """
    if a.kind != b.kind and UNKNOWN_KIND not in (a.kind, b.kind):
        return f"different kinds ({a.kind} vs {b.kind})"
    da, db = a.parts.disambiguator, b.parts.disambiguator
    if da and db and da != db:
        return f"different disambiguators ({da!r} vs {db!r})"
    if a.parts.markers != b.parts.markers and not named_each_other:
        ma = ", ".join(sorted(a.parts.markers)) or "none"
        mb = ", ".join(sorted(b.parts.markers)) or "none"
        return f"names carry different dates or numbers ({ma} vs {mb})"
    if a.kind in ("battle", "incident") or b.kind in ("battle", "incident"):
        pa_, pb = a.period, b.period
        if pa_ and pb and not overlaps(pa_, pb):
            return "their periods do not overlap"
    if a.place and b.place and a.place[0] != b.place[0]:
        return f"different places on the map ({a.place[1]} vs {b.place[1]})"
    return None


def judge(a: Facts, b: Facts, match: NameMatch) -> Verdict:
    """Weigh the evidence for merging two candidates; the reasons are kept in words."""
    named = match.how in NAMED_EACH_OTHER
    veto = incompatible(a, b, named_each_other=named)
    reasons = [match.detail]
    score = match.weight
    if veto:
        return Verdict(score, reasons, veto)
    if a.kind == b.kind and a.kind != UNKNOWN_KIND:
        score += 0.5
        reasons.append(f"both are {a.kind}s")
    if match.how == "link_alias" and match.named:
        named_facts = a if match.named == a.entity_id else b
        if named_facts.is_title:
            # Links whose display text is the title of a page of its own name that page.
            score += 1.0
            reasons.append(f"{named_facts.name!r} is a page of its own")
    da, db = a.parts.disambiguator, b.parts.disambiguator
    counted_country = False
    if da and da == db:
        score += 1.5
        reasons.append(f"both are titled ({da})")
    elif bool(da) != bool(db):
        titled, other = (a, b) if da else (b, a)
        wanted = set(countries_in(titled.parts.disambiguator or ""))
        known = other.countries | other.context_countries
        if wanted and wanted & known:
            score += 1.5
            counted_country = True
            reasons.append(
                f"({titled.parts.disambiguator}) fits {other.name!r}, which is about "
                + ", ".join(sorted(wanted & known))
            )
        elif wanted and other.countries and not (wanted & other.countries):
            score -= 2.0
            reasons.append(
                f"but ({titled.parts.disambiguator}) does not fit {other.name!r} "
                f"({', '.join(sorted(other.countries))})"
            )
    own = a.countries & b.countries
    context = (a.countries | a.context_countries) & (b.countries | b.context_countries)
    if own and not counted_country:
        score += 0.5
        reasons.append("both in " + ", ".join(sorted(own)))
    elif context and not counted_country:
        # Documents' countries are shared by most of a corpus about one war: little evidence.
        score += 0.25
        reasons.append("both mentioned in documents about " + ", ".join(sorted(context)))
    if a.places & b.places:
        score += 1.0
        reasons.append("shared places: " + ", ".join(sorted(a.places & b.places)[:3]))
    if a.leaders & b.leaders:
        score += 1.5
        reasons.append("shared commanders: " + ", ".join(sorted(a.leaders & b.leaders)[:3]))
    ia, ib = a.times.get("inception", []), b.times.get("inception", [])
    if ia and ib:
        if any(compatible_times(x, y) for x in ia for y in ib):
            score += 0.5
            reasons.append(f"compatible founding dates ({ia[0]}, {ib[0]})")
        elif min(abs(int(x[:4]) - int(y[:4])) for x in ia for y in ib) > 2:
            score -= 1.5
            reasons.append(f"but founded {ia[0]} vs {ib[0]}")
    pa_, pb = a.period, b.period
    if pa_ and pb and overlaps(pa_, pb) and (a.kind in ("battle", "incident")):
        score += 0.5
        reasons.append("overlapping periods")
    if a.place and b.place and a.place[0] == b.place[0] and match.how != "same_place":
        score += 2.0
        reasons.append(f"both are {a.place[1]} on the map")
    return Verdict(score, reasons)
