"""Candidate pairs: entities whose names say they *might* be one thing.

Names only propose; `orbat.resolve.evidence` decides. Candidates come from
blocking on keys (so the work grows with the number of names, not its square):
strict keys of names and aliases, loose keys (transliteration, plurals, Arabic
generic words), Arabic-script names and acronyms. Each pair keeps its best
match, with a weight that says how much the names alone are worth.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from orbat.resolve.normalize import (
    acronym,
    arabic_key,
    is_acronym,
    is_arabic,
    loose_key,
    loose_tokens,
    strict_key,
    translated_key,
    used_generic_translation,
)

# What a match of names is worth on its own (a merge needs MERGE_THRESHOLD in all).
WEIGHTS = {
    "same_name": 3.0,  # spelling variants of one name
    "alias": 3.0,  # one's own page lists the other's name among its names
    "link_alias": 2.0,  # another page links to one with the other's name as display text
    "arabic": 2.5,  # the same name in Arabic script
    "translated": 2.5,  # one transliterates what the other translates (Jabhat = Front)
    "shared_alias": 2.0,  # both list the same other name
    "loose": 1.0,  # transliteration, plural or translated generic word
    "loose_multiword": 1.5,  # the same, with two or more words
    "same_place": 1.5,  # the gazetteer puts both at one place (a capital and its province too)
    "acronym": 1.0,  # "NDF" and "National Defence Forces": acronyms are shared by many
}
# Buckets bigger than this are too common a key to tell anything (e.g. an acronym like "SA").
MAX_BUCKET = {"s": 200, "a": 50, "t": 30, "l": 30, "c": 12}


@dataclass(slots=True)
class Named:
    """An entity as resolution sees it before evidence: its names and its kind."""

    entity_id: str
    name: str
    kind: str
    aliases: set[str] = field(default_factory=set)
    n_claims: int = 0
    is_title: bool = False  # some document is about it: its name is a page title
    # Display texts other pages link to it with ("[[Iraqi Air Force|Air Force]]"): weaker
    # than its own page's names, since they lean on their context.
    link_aliases: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class NameMatch:
    a: str
    b: str
    how: str
    weight: float
    detail: str
    named: str | None = None  # for (link) alias matches: whose own name the other is called


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _keys(e: Named) -> Iterable[tuple[str, str, str, str]]:
    """(bucket kind, key, role, the text it came from) for every name of an entity."""
    yield "s", strict_key(e.name), "name", e.name
    tk = translated_key(e.name)
    if len(tk.split()) >= 2:
        yield "t", tk, "arabic-words" if used_generic_translation(e.name) else "name", e.name
    lk = loose_key(e.name)
    if lk:
        yield "l", lk, "name", e.name
    if is_acronym(e.name):
        yield "c", e.name.replace(".", ""), "acronym", e.name
    else:
        derived = acronym(e.name)
        if derived and len(derived) >= 2:
            yield "c", derived, "derived", e.name
    weak = [(a, "link") for a in e.link_aliases if a not in e.aliases]
    for alias, role in [*((a, "alias") for a in e.aliases), *weak]:
        if not alias or alias == e.name:
            continue
        if is_acronym(alias):
            yield "c", alias.replace(".", ""), "acronym", alias
        elif is_arabic(alias):
            ak = arabic_key(alias)
            if ak:
                yield "a", ak, role, alias
        else:
            yield "s", strict_key(alias), role, alias
            lk = loose_key(alias)
            if lk and role == "alias":
                yield "l", lk, role, alias
    if is_arabic(e.name):
        ak = arabic_key(e.name)
        if ak:
            yield "a", ak, "name", e.name


def _match(
    bucket: str, ra: str, ta: str, na: str, rb: str, tb: str, nb: str
) -> tuple[str, str] | None:
    """The kind of match two names in one bucket make, and its description.

    (role, text, owner's name) per side: roles are name, alias (its own page's),
    link (another page's display text), acronym, derived (initials), arabic-words.
    """
    if bucket == "s":
        if ra == "name" and rb == "name":
            return "same_name", f"names {ta!r} and {tb!r} are spelling variants"
        if ra == "name" or rb == "name":
            named, other, role = (na, nb, rb) if ra == "name" else (nb, na, ra)
            if role == "alias":
                return "alias", f"{other!r} is also called {named!r}"
            return "link_alias", f"pages link to {other!r} as {named!r}"
        if ra == "alias" and rb == "alias":
            return "shared_alias", f"both are also called {ta!r}"
        return None  # a display text shared by links to two targets says they differ
    if bucket == "a":
        if "link" in (ra, rb) and "name" not in (ra, rb):
            return None
        return "arabic", f"the same Arabic name {ta!r}"
    if bucket == "t":
        if (ra == "arabic-words") == (rb == "arabic-words"):
            return None  # both or neither transliterated: the strict or loose keys decide
        return "translated", f"{ta!r} and {tb!r} are one name, transliterated and translated"
    if bucket == "l":
        distinctive = len(loose_tokens(ta)) >= 2
        how = "loose_multiword" if distinctive else "loose"
        return how, f"{ta!r} and {tb!r} are transliteration or spelling variants"
    if bucket == "c":
        if ra == "derived" and rb == "derived":
            return None  # two long names with the same initials say nothing
        return "acronym", f"{ta!r} and {tb!r} share the acronym"
    return None


def name_candidates(entities: Iterable[Named]) -> dict[tuple[str, str], NameMatch]:
    """Every pair of entities with some name in common, with its best name match."""
    buckets: dict[tuple[str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    for e in entities:
        seen = set()
        for bucket, key, role, text in _keys(e):
            if not key or (bucket, key, role) in seen:
                continue
            seen.add((bucket, key, role))
            buckets[(bucket, key)].append((e.entity_id, role, text, e.name))
    out: dict[tuple[str, str], NameMatch] = {}
    for (bucket, _key), members in buckets.items():
        ids = {m[0] for m in members}
        if len(ids) < 2 or len(ids) > MAX_BUCKET[bucket]:
            continue
        for (ia, ra, ta, na), (ib, rb, tb, nb) in combinations(members, 2):
            if ia == ib:
                continue
            found = _match(bucket, ra, ta, na, rb, tb, nb)
            if not found:
                continue
            how, detail = found
            key = pair(ia, ib)
            weight = WEIGHTS[how]
            named = ia if ra == "name" else ib if rb == "name" else None
            best = out.get(key)
            if best is None or weight > best.weight:
                out[key] = NameMatch(key[0], key[1], how, weight, detail, named)
    return out
