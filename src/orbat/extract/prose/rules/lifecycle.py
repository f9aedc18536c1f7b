"""Birth and end of a group: inception, dissolved, founded_by, and formed_from by merger.

"was formed on 1 November 2012 and organized by Ba'athist Syria", "In January
2024, X have officially been disbanded", "Hezbollah founded the group in
1985", "formed by the merger of X and Y". A date counts only when it stands
next to the verb or fronts its clause ("In 2012, …"); a date elsewhere in the
sentence may belong to anything. Present tense ("are organized under …")
describes structure, not founding, and is skipped.
"""

from __future__ import annotations

from orbat.model import EntityRef, Kind
from orbat.values.types import Time

from ..clauses import agent_before, antecedent, interpret, noun_phrase_end, objects_after
from ..document import Sentence
from ..engine import Emitter, trigger
from ..lexicon import ORG_HEADS, UNIT_NOUNS
from ..mentions import Mention
from .common import (
    ACTOR_LABELS,
    GROUP_LABELS,
    adjacent_time,
    fronted_times,
    its_subject,
    owner_after,
    value_ref,
)

FOUND = trigger(
    "lifecycle:found",
    "form~|found~|establish~|create~|raise~|launch~|organize~|organise~",
    "set up",
)
DISSOLVE = trigger(
    "lifecycle:dissolve",
    "disband~|dissolve~|deactivate~|demobilize~|demobilise~|abolish~|disestablish~",
)
SINCE_FOUNDING = trigger(
    "lifecycle:since_founding",
    "since its formation|founding|creation|establishment|inception",
)
FOUNDERS = trigger(
    "lifecycle:founders",
    "founder|founders|co-founder|co-founders|cofounder|cofounders included|include|were|was|is|are",
    "founder|founders|co-founder|co-founders|cofounder|cofounders of",
    "'s|its|their founder|founders|co-founder|co-founders",
)
LAID_DOWN = trigger(
    "lifecycle:laid_down_arms",
    "lay|laid|lays|laying down its|their arms|weapons",
    "cease~ to exist",
    "cease~ operations|activities",
    "surrender~|capitulate~ to",
)
_KIND_NOUNS = ORG_HEADS | UNIT_NOUNS
_FORMER_MEMBERS = frozenset(
    ["veterans", "members", "remnants", "fighters", "defectors", "cadres", "dissidents"]
)
_PRESENT = frozenset(["are", "is", "be", "being", "will", "to", "am"])
_PASSIVE = frozenset(["was", "were", "been"])
_MERGER = frozenset(["merger", "merging", "amalgamation", "union", "unification", "fusion"])


def run(s: Sentence, em: Emitter) -> None:
    for a, b in em.matches(s, FOUND):
        _founding(s, em, a, b)
    for a, b in em.matches(s, DISSOLVE):
        _dissolution(s, em, a, b)
    for a, b in em.matches(s, FOUNDERS):
        _founders(s, em, a, b)
    for a, b in em.matches(s, LAID_DOWN):
        _dissolution(s, em, a, b)
    for a, b in em.matches(s, SINCE_FOUNDING):
        hit = adjacent_time(s, b, span=2, prefixes=("in", "on"))
        if hit is not None and isinstance(hit.value, Time):
            em.claim(s, em.subject, "inception", hit.value, "since_its_founding", 0.8, lo=a)


def _aux(s: Sentence, a: int) -> str:
    """The auxiliary before a verb, adverbs skipped ("have officially been")."""
    k = a - 1
    while k >= s.start and (
        s.doc[k].lower_.endswith("ly") or s.doc[k].lower_ in ("also", "then", "later", "first")
    ):
        k -= 1
    return s.doc[k].lower_ if k >= s.start else ""


def _time(s: Sentence, b: int) -> Time | None:
    hit = adjacent_time(s, b, span=3, prefixes=("in", "on", "during", "around"))
    if hit is not None and isinstance(hit.value, Time):
        return hit.value
    for t in fronted_times(s):
        if isinstance(t.value, Time) and t.prefix in ("in", "on", "during"):
            return t.value
    return None


def _founding(s: Sentence, em: Emitter, a: int, b: int) -> None:
    aux = _aux(s, a)
    doc = s.doc
    if aux in _PRESENT or doc[a].lower_.endswith("ing"):
        return  # "to create", "are organized", "…, creating the largest chain"
    fronted = a == s.start or all(
        t.lower_.endswith("ly") or t.lower_ in ("first", "initially") for t in doc[s.start : a]
    )
    passive = fronted or aux in _PASSIVE or aux in ("and", ",", "that", "which")
    if passive and aux not in _PASSIVE and not fronted and _has_object(s, b):
        passive = False  # "X, a former sergeant, created the GMK", "… and formed a new unit"
    if not passive and aux in _KIND_NOUNS and b < s.end and doc[b].lower_ in ("in", "on", "by"):
        # "… is an Afghan Shia militia formed in 2014": the militia is the subject
        head = antecedent(s, a)
        if head is not None and head.own is not None:
            _passive_founding(s, em, head.own, a, b)
        return
    if passive:
        own = _participle_owner(s, b) if fronted else None
        if own is None:
            agent = agent_before(s, a)
            own = agent.own if agent is not None else None
        if own is None:
            return
        _passive_founding(s, em, own, a, b)
        return
    # active voice: "Hezbollah founded the group in 1985" ("X launched Y" is a rocket's)
    target = owner_after(s, b)
    if target is None or doc[a].lower_ == "launched":
        return
    agent = agent_before(s, a)
    if agent is None or agent.own is not None:
        return
    for m in agent.mentions:
        ref = value_ref(m, ACTOR_LABELS)
        if ref is not None:
            em.claim(s, target.ref, "founded_by", ref, "x_founded", 0.75, lo=a)
    when = _time(s, target.end)
    if when is not None:
        em.claim(s, target.ref, "inception", when, "x_founded", 0.75, lo=a)


def _has_object(s: Sentence, b: int) -> bool:
    """An active verb's object follows: a determiner, a name or a pronoun, not "in 2012"/"by X"."""
    if b >= s.end:
        return False
    tok = s.doc[b]
    return (
        tok.lower_ in ("a", "an", "the", "its", "their", "his", "her", "it", "them", "several")
        or s.mention_starting(b) is not None
        or tok.text[:1].isupper()
    )


def _passive_founding(s: Sentence, em: Emitter, own: Mention, a: int, b: int) -> None:
    when = _time(s, b)
    if when is not None:
        em.claim(s, own.ref, "inception", when, "formed_on", 0.85, lo=a)
    by = _by(s, b)
    if by is not None:
        _by_whom(s, em, own.ref, by, a)


def _merger_at(s: Sentence, k: int) -> bool:
    """ "(the) merger of", "(the) union of" starts at token k."""
    doc = s.doc
    if k < s.end and doc[k].lower_ == "the":
        k += 1
    return k + 1 < s.end and doc[k].lower_ in _MERGER and doc[k + 1].lower_ == "of"


def _participle_owner(s: Sentence, b: int) -> Mention | None:
    """ "Formed in 2016 by local hunters, the committees …": the owner follows the comma."""
    comma = next((k for k in range(b, s.end) if s.doc[k].text == ","), None)
    if comma is None or comma + 1 >= s.end:
        return None
    k = comma + 1
    agent = interpret(s, k, noun_phrase_end(s, k, s.end))
    return agent.own if agent is not None else None


def _by(s: Sentence, b: int) -> int | None:
    """The token after "by" (or "from the merger of") following a founding verb and its date."""
    doc = s.doc
    k = b
    limit = min(s.end, b + 10)
    while k < limit:
        low = doc[k].lower_
        if low == "by":
            return k + 1
        if low in ("from", "through") and _merger_at(s, k + 1):
            return k + 1
        if low in (",", ";", "and", "as", "which", "who", "that", "under") or doc[k].text in (
            ",",
            ";",
        ):
            return None
        k += 1
    return None


def _by_whom(s: Sentence, em: Emitter, owner: EntityRef, j: int, a: int) -> None:
    """Who "formed … by": founders, a merger's parts, or the group its founders came from."""
    doc = s.doc
    k = j
    if k < s.end and doc[k].lower_ == "the":
        k += 1
    if k < s.end and doc[k].lower_ == "former":
        k += 1
    if k + 1 < s.end and doc[k].lower_ in _FORMER_MEMBERS and doc[k + 1].lower_ == "of":
        # "set up by veterans of the disbanded 9th Mountain Brigade"
        values, _ = objects_after(s, k + 2)
        for m in values:
            ref = value_ref(m, GROUP_LABELS)
            if ref is not None:
                em.claim(s, owner, "formed_from", ref, "formed_by_members_of", 0.7, lo=a)
        return
    if k < s.end and doc[k].lower_ in _MERGER and k + 1 < s.end and doc[k + 1].lower_ == "of":
        values, _ = objects_after(s, k + 2)
        for m in values:
            ref = value_ref(m, GROUP_LABELS)
            if ref is not None:
                em.claim(s, owner, "formed_from", ref, "formed_by_merger", 0.8, lo=a)
        return
    values, _ = objects_after(s, j)
    for m in values:
        ref = value_ref(m, ACTOR_LABELS, Kind.ORGANISATION)
        if ref is not None:
            em.claim(s, owner, "founded_by", ref, "formed_by", 0.8, lo=a)


def _dissolution(s: Sentence, em: Emitter, a: int, b: int) -> None:
    """ "X was disbanded in 2018", "X disbanded in 2018", "the government dissolved X in 2018".

    An active verb with an object dissolves the object ("the NDF disbanded
    its women's wing" says nothing of the NDF's own end).
    """
    aux = _aux(s, a)
    if aux in _PRESENT:
        return
    doc = s.doc
    nxt = doc[b].lower_ if b < s.end else ""
    transitive = (
        aux not in _PASSIVE
        and doc[b - 1].lower_ not in ("to", "arms", "weapons", "exist", "operations", "activities")
        and (nxt in ("the", "its", "their", "a", "an") or s.mention_starting(b) is not None)
    )
    if transitive:
        own = owner_after(s, b, budget=2)
        if own is None or own.label not in ("SUBJECT", "ANAPHOR", "SUBUNIT"):
            return
        when = _time(s, own.end)
    else:
        agent = agent_before(s, a)
        own = agent.own if agent is not None else None
        if own is None:
            return
        when = _time(s, b)
    if when is not None:
        em.claim(s, own.ref, "dissolved", when, "disbanded_in", 0.85, lo=a)


def _founders(s: Sentence, em: Emitter, a: int, b: int) -> None:
    """ "Its founders included X", "X, a co-founder of the NDF", "X co-founded the group"."""
    doc = s.doc
    last = doc[b - 1].lower_
    if doc[a].lower_ in ("'s", "its", "their"):
        _founder_named_after(s, em, a, b)
        return
    if last == "of":
        target = owner_after(s, b, budget=2)
        if target is None:
            return
        agent = _founder_before(s, a)
        people = [agent] if agent is not None else []
    else:
        k = a - 1
        if k >= s.start and doc[k].lower_ == "'s":
            target = s.mention_at(k - 1)
        elif k >= s.start and doc[k].lower_ in ("its", "their"):
            target = its_subject(s, k)
        else:
            return
        if target is None or not target.about_subject:
            return
        people, _ = objects_after(s, b)
    for m in people:
        ref = value_ref(m, ACTOR_LABELS, Kind.PERSON)
        if ref is not None:
            em.claim(s, target.ref, "founded_by", ref, "founders", 0.8, lo=a, hi=max(b, m.end))


def _founder_before(s: Sentence, a: int) -> Mention | None:
    """ "Tomás Ibarra, a co-founder of …" or "Tomás Ibarra was one of the founders of …"."""
    doc = s.doc
    k = a - 1
    while k >= s.start and doc[k].lower_ in ("a", "the", "one", "of", "main", "chief"):
        k -= 1
    if k >= s.start and doc[k].text == ",":
        return s.mention_at(k - 1)
    if k >= s.start and doc[k].lower_ in ("was", "is", "were", "are"):
        agent = agent_before(s, k)
        return agent.mentions[0] if agent is not None and len(agent.mentions) == 1 else None
    return None


def _founder_named_after(s: Sentence, em: Emitter, a: int, b: int) -> None:
    """ "The group's founder and first commander, Alireza Tavassoli, …", "its founder Abu X"."""
    doc = s.doc
    target = s.mention_at(a - 1) if doc[a].lower_ == "'s" else its_subject(s, a)
    if target is None or not target.about_subject:
        return
    k = b
    while k < min(s.end, b + 6) and doc[k].text != "," and s.mention_starting(k) is None:
        if not (doc[k].is_lower and doc[k].is_alpha):
            return
        k += 1
    if k < s.end and doc[k].text == ",":
        k += 1
    person = s.mention_starting(k)
    if person is None:
        return
    ref = value_ref(person, ACTOR_LABELS, Kind.PERSON)
    if ref is not None:
        em.claim(s, target.ref, "founded_by", ref, "its_founder", 0.8, lo=a, hi=person.end)
