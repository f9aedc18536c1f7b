"""Sub-units the prose names, each a new entity with claims of its own.

- "the NDF had a 500-strong women's wing called "Lionesses of National Defense"";
- "The Lionesses, a women's wing of the NDF, …" / "X is a brigade of the NDF";
- "An NDF militia from Mhardeh" — a unit without a name, named by its place.

A sub-unit's size, start and kind come from the phrase that defines it, so
the 500 women of a wing are never the parent's strength. Its names are added
to the document's knowledge, so later sentences ("Lionesses of the NDF have
been disbanded") are read as about the unit, not the parent.
"""

from __future__ import annotations

from dataclasses import replace

from orbat.model import EntityRef, Kind
from orbat.names import normalize_name
from orbat.values.types import Period, Time

from ..clauses import agent_before, verbish
from ..document import Sentence
from ..engine import Emitter, inflect
from ..lexicon import ORG_HEADS, UNIT_NOUNS
from ..mentions import PLACE, SUBJECT, Mention
from .common import adjacent_time, fronted_times, its_subject

_NAMING = frozenset(["called", "named", "dubbed", "titled", "styled"])
_QUOTES = frozenset(['"', "“", "”", "'", "‘", "’"])
_HAVING = frozenset(
    w
    for v in [
        "have",
        "include",
        "maintain",
        "field",
        "operate",
        "comprise",
        "contain",
        "add",
        "command",
        "boast",
        "establish",
        "form",
        "create",
        "raise",
        "launch",
        "organize",
        "organise",
        "found",
    ]
    for w in inflect(v)
)
_CREATING = frozenset(
    w
    for v in ["establish", "form", "create", "raise", "launch", "organize", "organise", "found"]
    for w in inflect(v)
)
_DETS = frozenset(["a", "an", "its", "their", "the", "one"])
_COPULA = frozenset(["is", "was", "are", "were", "became", "becomes", "remains"])
_SINGLE_UNITS = frozenset(u for u in UNIT_NOUNS if not u.endswith("s") or u == "corps")


def run(s: Sentence, em: Emitter) -> None:
    lower = s.tokens.lower
    for i in range(s.start, s.end):
        if lower[i] not in _SINGLE_UNITS or s.mention_at(i) is not None:
            continue
        if _named_after(s, em, i):
            continue
        if _named_before(s, em, i):
            continue
        _unnamed(s, em, i)


def _name_after(s: Sentence, j: int) -> tuple[int, int] | None:
    """The tokens of a name right after a unit noun: `called "X"`, `known as X`."""
    doc = s.doc
    if j >= s.end:
        return None
    low = doc[j].lower_
    if low in _NAMING:
        j += 1
    elif low == "known" and j + 1 < s.end and doc[j + 1].lower_ == "as":
        j += 2
    elif doc[j].text not in _QUOTES:
        return None
    if j < s.end and doc[j].lower_ == "the":
        j += 1
    if j >= s.end:
        return None
    if doc[j].text in _QUOTES:
        close = next((x for x in range(j + 1, min(s.end, j + 14)) if doc[x].text in _QUOTES), None)
        if close is None or close == j + 1 or not doc[j + 1].text[:1].isupper():
            return None
        return j + 1, close
    m = s.mention_starting(j)
    if m is None or m.about_subject or m.label == PLACE:
        return None
    return m.start, m.end


def _np_start(s: Sentence, i: int) -> int:
    """The determiner opening the noun phrase headed by token i ("a 500-strong women's wing")."""
    doc = s.doc
    k = i - 1
    while k >= s.start and i - k <= 8:
        tok = doc[k]
        if tok.lower_ in _DETS:
            return k
        if s.mention_at(k) is not None or verbish(tok) and tok.lower_ != "strong":
            return k + 1
        if tok.text in (",", ";", "(", ")") or tok.text in _QUOTES:
            return k + 1
        k -= 1
    return k + 1


def _owner(s: Sentence, det: int) -> Mention | None:
    """Whose unit the noun phrase at `det` is: "the NDF had a …", "its …", "the NDF's …"."""
    doc = s.doc
    if doc[det].lower_ in ("its", "their"):
        return its_subject(s, det)
    if det - 1 >= s.start and doc[det - 1].lower_ == "'s":
        m = s.mention_at(det - 2)
        return m if m is not None and m.about_subject else None
    verb = det - 1
    if verb >= s.start and doc[verb].lower_ == "up" and verb - 1 >= s.start:
        verb -= 1
    if verb < s.start or doc[verb].lower_ not in _HAVING and doc[verb].lower_ != "set":
        return None
    agent = agent_before(s, verb)
    if agent is None or not agent.is_subject:
        return None
    return agent.mentions[0]


def _named_after(s: Sentence, em: Emitter, i: int) -> bool:
    span = _name_after(s, i + 1)
    if span is None:
        return False
    det = _np_start(s, i)
    owner = _owner(s, det) if det < i else None
    if owner is None:
        return False
    name = s.doc[span[0] : span[1]].text.strip()
    verb = s.doc[det - 1].lower_ if det > s.start else ""
    _define(s, em, name, det, i, creating=verb in _CREATING)
    return True


def _named_before(s: Sentence, em: Emitter, i: int) -> bool:
    """ "NAME, a women's wing of the NDF," and "NAME is a brigade of the NDF"."""
    doc = s.doc
    if i + 2 >= s.end or doc[i + 1].lower_ not in ("of", "within"):
        return False
    k = i + 2
    if doc[k].lower_ == "the":
        k += 1
    target = s.mention_starting(k)
    if target is None or not target.about_subject:
        return False
    det = _np_start(s, i)
    if det >= i or doc[det].lower_ not in ("a", "an", "the", "one"):
        return False
    link = det - 1
    if link < s.start or not (doc[link].text == "," or doc[link].lower_ in _COPULA):
        return False
    end = link
    if end - 1 >= s.start and doc[end - 1].text in _QUOTES:
        close = end - 1
        opening = next(
            (
                x
                for x in range(close - 1, max(s.start, close - 14) - 1, -1)
                if doc[x].text in _QUOTES
            ),
            None,
        )
        if opening is None:
            return False
        name = doc[opening + 1 : close].text
    else:
        m = s.mention_at(end - 1)
        if m is None or m.about_subject or m.label == PLACE:
            return False
        name = doc[m.start : m.end].text
    if not name[:1].isupper():
        return False
    _define(s, em, name, det, i, creating=False)
    return True


def _unnamed(s: Sentence, em: Emitter, i: int) -> None:
    """ "An NDF militia from Mhardeh": a unit named by its parent, its kind and its place."""
    doc = s.doc
    parent = s.mention_at(i - 1) if i - 1 >= s.start else None
    if parent is None or parent.label != SUBJECT or parent.end != i:
        return
    det = parent.start - 1
    if det < s.start or doc[det].lower_ not in ("a", "an", "one"):
        return
    if i + 2 >= s.end or doc[i + 1].lower_ not in ("from", "in", "of"):
        return
    place = s.mention_starting(i + 2)
    if place is None or place.label not in (PLACE, "OTHER"):
        return
    name = doc[parent.start : place.end].text
    unit = EntityRef(name, Kind.ORGANISATION)
    place_ref = EntityRef(place.ref.name, Kind.PLACE)
    _claims(s, em, unit, [name], doc[i].lower_, det, place.end)
    em.claim(
        s, unit, "area_of_operations", place_ref, "unnamed_unit/place", 0.6, lo=det, hi=place.end
    )


def _define(s: Sentence, em: Emitter, name: str, det: int, head: int, *, creating: bool) -> None:
    doc = s.doc
    unit = EntityRef(name, Kind.ORGANISATION)
    start = det + 1 if doc[det].lower_ in ("a", "an", "its", "their", "the", "one") else det
    words = [
        t
        for t in doc[start : head + 1]
        if not (t.like_num or t.text == "-" or t.lower_ == "strong")
    ]
    kind = (
        " ".join(t.text + ("" if not t.whitespace_ else " ") for t in words)
        .replace(" 's", "'s")
        .strip()
    )
    kind = " ".join(kind.split()).replace(" 's", "'s")
    names = _variants(name, em)
    _claims(s, em, unit, names, kind or doc[head].lower_, det, head + 1)
    a, b = doc[det].idx, doc[head].idx + len(doc[head].text)
    for q in s.quantities:
        if a <= q.start and q.end <= b and "strong" in s.source[q.start : q.end].lower():
            size = replace(q.value, when=None)
            em.claim(s, unit, "size", size, "defined_unit/strength", 0.85, lo=det, hi=head + 1)
    when = _start_time(s, det, creating=creating)
    if when is not None:
        em.claim(s, unit, "inception", when, "defined_unit/since", 0.75, lo=det, hi=head + 1)


def _start_time(s: Sentence, det: int, *, creating: bool) -> Time | None:
    """When the unit began: "Since January 2013, the NDF had …", "formed … in 2013"."""
    for t in fronted_times(s):
        if isinstance(t.value, Period) and t.value.start and not t.value.end:
            return t.value.start
        if creating and isinstance(t.value, Time) and t.prefix in ("in", "on"):
            return t.value
    if creating:
        hit = adjacent_time(s, det, span=12, prefixes=("in", "on"))
        if hit is not None and isinstance(hit.value, Time):
            return hit.value
    return None


def _claims(
    s: Sentence, em: Emitter, unit: EntityRef, names: list[str], kind: str, lo: int, hi: int
) -> None:
    em.add_subunit(unit, names)
    em.claim(s, em.subject, "has_subunit", unit, "defined_unit", 0.85, lo=lo, hi=hi)
    em.claim(s, unit, "part_of", em.subject, "defined_unit", 0.85, lo=lo, hi=hi)
    em.claim(s, unit, "instance_of", kind, "defined_unit/kind", 0.8, lo=lo, hi=hi)


def _variants(name: str, em: Emitter) -> list[str]:
    """ "Lionesses of National Defense" is also "Lionesses of the NDF" in this document."""
    out = [name]
    words = name.split()
    if " of " in name:
        head, _, tail = name.partition(" of ")
        tail_key = normalize_name(tail.removeprefix("the "))
        subject_names = em.knowledge.names_of(em.subject)
        if any(n.startswith(tail_key) or tail_key == n for n in subject_names):
            for n in subject_names:
                out += [f"{head} of the {n}", f"{head} of {n}"]
        if len(head.split()) == 1 and len(head) > 4 and head.lower() not in ORG_HEADS | UNIT_NOUNS:
            out.append(head)
    elif len(words) > 1 and words[0].lower() == "the":
        out.append(" ".join(words[1:]))
    return out
