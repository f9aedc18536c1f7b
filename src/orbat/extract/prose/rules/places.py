"""Where a group operates: "operates checkpoints in the Homs area", "active in Idlib".

The value must be a place: a country, a GeoNames city, a name the infobox
gave as a place, or a name followed by "area", "region", "countryside" and
the like. "based in" gives a sub-unit's headquarters; for the subject it is
left to the infobox, whose headquarters field is authoritative.
"""

from __future__ import annotations

from orbat.model import EntityRef, Kind

from ..clauses import agent_before
from ..document import Sentence
from ..engine import Emitter, trigger
from ..mentions import OTHER, PLACE, SUBUNIT, Mention

OPERATES = trigger(
    "area:operates_in",
    "operate~|patrol~|deploy~|fight~|control~ *3 in|across|throughout|around",
    "deployed|stationed|sent *8 to|at|in",
    "active|present|deployed|stationed mainly|mostly|primarily|largely? in|across|throughout",
    "presence in|across|throughout",
)
_AREA_WORDS = frozenset(["area", "region", "countryside", "province", "governorate"])
BASED = trigger("area:based_in", "based|headquartered in")


def run(s: Sentence, em: Emitter) -> None:
    for a, b in em.matches(s, OPERATES):
        _places(s, em, a, b, "area_of_operations", "operates_in", 0.75)
    for a, b in em.matches(s, BASED):
        _places(s, em, a, b, "headquarters", "based_in", 0.75, subunits_only=True)


def _places(
    s: Sentence,
    em: Emitter,
    a: int,
    b: int,
    prop: str,
    rule: str,
    confidence: float,
    *,
    subunits_only: bool = False,
) -> None:
    agent = agent_before(s, a)
    own = agent.own if agent is not None else None
    if own is None or (subunits_only and own.label != SUBUNIT):
        return
    doc = s.doc
    k = b
    found: list[Mention] = []
    while k < s.end:
        if doc[k].lower_ in ("the", "a", "an"):
            k += 1
            continue
        m = s.mention_starting(k)
        if m is None or m.label not in (PLACE, OTHER):
            break
        found.append(m)
        k = m.end
        if k < s.end and doc[k].lower_ in _AREA_WORDS:
            k += 1
        comma = k < s.end and doc[k].text == ","
        if comma:
            k += 1
        if k < s.end and doc[k].lower_ in ("and", "or"):
            k += 1
            if k < s.end and doc[k].lower_ in ("in", "around", "near", "across", "throughout"):
                k += 1
            continue
        if comma and s.mention_starting(k) is not None:
            continue
        break
    # a list is a list of places when one of its names is known to be a place
    if not any(m.label == PLACE for m in found):
        return
    for m in found:
        em.claim(
            s, own.ref, prop, EntityRef(m.ref.name, Kind.PLACE), rule, confidence, lo=a, hi=m.end
        )
