"""Helpers the rule families share: owners, values and the times that go with them."""

from __future__ import annotations

from orbat.model import EntityRef, Kind
from orbat.values.types import Period, Time

from .. import gazetteer
from ..clauses import DETERMINERS, clause_end, clause_start, strip_fronting
from ..document import Sentence
from ..lexicon import FOUNDING_NOUNS, MEMBER_NOUNS, STRENGTH_NOUNS
from ..mentions import ANAPHOR, BATTLE, ORG, OTHER, PERSON, PLACE, SUBUNIT, Mention
from ..timex import TimeHit

# "into its ranks", "under its command": the group itself, seen as a body.
_BODY_NOUNS = frozenset(
    [
        "structure",
        "ranks",
        "fold",
        "command",
        "hierarchy",
        "framework",
        "umbrella",
        "banner",
        "organization",
        "organisation",
    ]
)
_QUANTIFIERS = frozenset(
    [
        "of",
        "'s",
        "hundred",
        "hundreds",
        "dozen",
        "dozens",
        "thousand",
        "thousands",
        "many",
        "several",
        "some",
        "few",
    ]
)
# Labels a relation's value may carry, by property.
ACTOR_LABELS = frozenset([ORG, OTHER, PERSON, PLACE])
GROUP_LABELS = frozenset([ORG, OTHER])


def owner_after(
    s: Sentence, j: int, *, budget: int = 5, exclude: tuple[Mention, ...] = ()
) -> Mention | None:
    """The subject or sub-unit a verb acts on: "trained the group", "the creation of the NDF"."""
    doc = s.doc
    k = j
    while k < s.end and budget > 0:
        m = s.mention_starting(k)
        if m is not None:
            return m if m.label in ("SUBJECT", ANAPHOR, SUBUNIT) else None
        low = doc[k].lower_
        if low == "it" and budget >= 1:
            return its_subject(s, k, exclude)  # "Prosecutors linked it to …"
        if low in ("its", "their") and k + 1 < s.end:
            nxt = doc[k + 1].lower_
            if nxt in ("first", "new", "own", "former", "early", "young") and k + 2 < s.end:
                nxt = doc[k + 2].lower_  # "its first recruits"
            if nxt in MEMBER_NOUNS | STRENGTH_NOUNS | FOUNDING_NOUNS | _BODY_NOUNS or nxt == "own":
                return its_subject(s, k, exclude)
            return None
        if low in DETERMINERS or low in FOUNDING_NOUNS or low in _QUANTIFIERS or doc[k].like_num:
            k += 1
            budget -= 1
            continue
        return None
    return None


def its_subject(s: Sentence, k: int, exclude: tuple[Mention, ...] = ()) -> Mention | None:
    """ "its" at token k is the subject when the last group named before it is the subject.

    People and places are not "it"; the clause's own subject is excluded
    ("Shabiha members were incorporated into its structure").
    """
    before = [
        x for x in s.mentions if x.start < k and x not in exclude and x.label not in (PLACE, PERSON)
    ]
    if (before and before[-1].about_subject) or (not before and s.it_is_subject):
        return Mention(k, k + 1, s.subject, ANAPHOR, True)
    return None


def subject_in(s: Sentence, lo: int, hi: int) -> Mention | None:
    """A mention of the subject or a sub-unit among tokens [lo, hi)."""
    for m in s.mentions:
        if lo <= m.start and m.end <= hi and m.label in ("SUBJECT", ANAPHOR, SUBUNIT):
            return m
    return None


def value_ref(
    m: Mention, labels: frozenset[str], default: Kind = Kind.ORGANISATION
) -> EntityRef | None:
    """The entity a value mention stands for, if its kind fits the property."""
    if m.label in ("SUBJECT", ANAPHOR):
        return None
    label = m.label
    if label == SUBUNIT:
        label = ORG
    if label not in labels:
        return None
    if label == PLACE and default != Kind.PLACE and gazetteer.country_name_only(m.ref.name) is None:
        return None  # a place may act (a state backs a militia) only when it is a country
    if label == BATTLE:
        return m.ref
    kind = m.ref.kind
    if kind == Kind.OTHER:
        kind = default
    return EntityRef(m.ref.name, kind)


def fronted_times(s: Sentence) -> list[TimeHit]:
    """Times standing before the sentence's main clause: "On 20 February 2018, …"."""
    k = strip_fronting(s, s.start, s.end)
    if k >= s.end:
        return []
    edge = s.doc[k].idx
    return [t for t in s.times if t.lead < edge]


def clause_time(s: Sentence, trigger: int, hi: int) -> Time | Period | None:
    """The time a statement holds at: in its clause after the trigger, or fronted."""
    b, _, _ = clause_start(s, trigger)
    lo_char = s.doc[b].idx
    hi = max(hi, clause_end(s, min(hi, s.end - 1)))
    hi_char = s.doc[min(hi, s.end) - 1].idx + len(s.doc[min(hi, s.end) - 1].text)
    inside = [t for t in s.times if lo_char <= t.lead and t.end <= hi_char]
    if inside:
        return inside[0].value
    front = fronted_times(s)
    return front[0].value if front else None


def adjacent_time(
    s: Sentence, j: int, *, span: int = 4, prefixes: tuple[str, ...] = ()
) -> TimeHit | None:
    """A time starting within `span` tokens after token j ("formed on 1 November 2012")."""
    if j >= s.end:
        return None
    lo = s.doc[j].idx
    last = min(s.end - 1, j + span)
    hi = s.doc[last].idx + len(s.doc[last].text)
    for t in s.times:
        if lo <= t.lead <= hi and (not prefixes or (t.prefix or "") in prefixes):
            return t
    return None
