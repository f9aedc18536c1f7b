"""Commanders from prose, with role, rank and time.

- "led by Sami Al-Wakil", "commanded by Colonel X", "headed by its founder X";
- "overseen by a national coordinator who is reported to be Brigadier-General
  Ghassan Nassour" — an office inside the group, so a commander with that role;
- "X, the group's commander", "the NDF's leader X", "X became commander of the NDF".

A commander is a person: a name after a rank or title, or a run of two or more
capitalised words that is not an organisation or a place. Only the first name
after the trigger is taken ("although later sources report …" is not a second
commander).
"""

from __future__ import annotations

import re

from orbat.model import EntityRef, Kind
from orbat.values.types import Period, Time

from ..clauses import agent_before, participle_agent
from ..document import Sentence
from ..engine import Emitter, trigger
from ..lexicon import ORG_HEADS, ROLE_NOUNS
from ..mentions import OTHER, PERSON, Mention, is_rank
from .common import clause_time, its_subject, owner_after

LED_BY = trigger(
    "commander:led_by",
    "led|commanded|headed|run|directed|overseen|supervised|coordinated by",
    "under the? command|leadership of",
)
_ROLES = "commander|leader|head|chief|emir|amir|coordinator|commander-in-chief"
ROLE_OF = trigger(
    "commander:role_of",
    f"{_ROLES} of",
    f"'s {_ROLES}",
    f"its|their {_ROLES}",
)
_COPULAR = frozenset(
    [
        "was",
        "is",
        "became",
        "becomes",
        "remained",
        "remains",
        "served",
        "serves",
        "appointed",
        "named",
        "elected",
        "made",
        "installed",
    ]
)
# Words that make a capitalised run an office or a body, not a person's name.
_NOT_IN_NAMES = frozenset(
    [
        "of",
        "for",
        "the",
        "and",
        "governor",
        "king",
        "queen",
        "president",
        "minister",
        "mayor",
        "council",
        "ministry",
        "government",
        "republic",
        "kingdom",
    ]
)
_LEADING = frozenset(["led", "commanded", "headed", "run", "command", "leadership"])
_LINKS = ("who is", "who was", "named", "identified as", ",")
_REPORTED = frozenset(["reported", "said", "believed", "thought", "known", "understood", "alleged"])


LEADS = trigger("commander:leads", "lead~|command~|head~")
TOOK_OVER = trigger(
    "commander:took_over",
    "take~|took|taken|assume~ over? the? leadership|command",
    "succeed~ *4 as leader|commander|head|chief|emir",
)


def run(s: Sentence, em: Emitter) -> None:
    for a, b in em.matches(s, LED_BY):
        _led_by(s, em, a, b)
    for a, b in em.matches(s, ROLE_OF):
        _role_of(s, em, a, b)
    for a, b in em.matches(s, LEADS):
        _leads(s, em, a, b)
    for a, b in em.matches(s, TOOK_OVER):
        _took_over(s, em, a, b)


def _took_over(s: Sentence, em: Emitter, a: int, b: int) -> None:
    """ "Honoré Kasongo took over the leadership (of the GMK) in 2018": a command that starts."""
    agent = agent_before(s, a)
    if agent is None or len(agent.mentions) != 1:
        return
    person = person_at(s, agent.mentions[0].start)
    if person is None:
        return
    doc = s.doc
    if b < s.end and doc[b].lower_ == "of":
        owner = owner_after(s, b + 1, budget=2)
    else:
        # no group named: the subject, unless the sentence is about another group
        others = [
            m
            for m in s.mentions
            if m.label in ("ORG", "SUBUNIT")
            or m.label == "OTHER"
            and not (
                m.start > s.start and s.doc[m.start - 1].lower_ in ("in", "near", "at", "around")
            )
        ]
        owner = None if others else Mention(a, b, s.subject, "ANAPHOR", True)
    if owner is None or owner.label not in ("SUBJECT", "ANAPHOR", "SUBUNIT"):
        return
    when = clause_time(s, a, b)
    em.claim(
        s,
        owner.ref,
        "commander",
        EntityRef(person.ref.name, Kind.PERSON),
        "took_over",
        0.7,
        lo=person.start,
        hi=b,
        rank=person.rank,
        start=when if isinstance(when, Time) else None,
    )


def _leads(s: Sentence, em: Emitter, a: int, b: int) -> None:
    """ "Amadou Guindo, a former customs officer, led the CVS from 2016 until his death in 2020"."""
    if b < s.end and s.doc[b].lower_ == "by":
        return
    target = owner_after(s, b, budget=2)
    if target is None:
        return
    agent = agent_before(s, a)
    if agent is None or len(agent.mentions) != 1:
        return
    person = person_at(s, agent.mentions[0].start)
    if person is None:
        return
    tenure = _tenure(s, target.end)
    em.claim(
        s,
        target.ref,
        "commander",
        EntityRef(person.ref.name, Kind.PERSON),
        "x_led",
        0.75,
        lo=person.start,
        hi=target.end,
        rank=person.rank,
        **tenure,
    )


def _tenure(s: Sentence, k: int) -> dict[str, Time]:
    """Start and end of a command from the times after it: "from 2016 until … 2020"."""
    doc = s.doc
    lo = doc[k].idx if k < s.end else s.span.end_char
    out: dict[str, Time] = {}
    for t in s.times:
        if t.lead < lo:
            continue
        if isinstance(t.value, Period):
            if t.value.start and "start" not in out:
                out["start"] = t.value.start
            if t.value.end and "end" not in out:
                out["end"] = t.value.end
            continue
        before = s.source[max(lo, t.lead - 30) : t.lead].lower()
        if re.search(r"\b(?:until|till|to|through)\b", before) and "end" not in out:
            out["end"] = t.value
        elif t.prefix in ("in", "on") and not out:
            out["point_in_time"] = t.value
    return out


def person_at(s: Sentence, k: int) -> Mention | None:
    """A person's name starting at token k (after an optional "the")."""
    m = s.mention_starting(k)
    if m is None:
        # "Brigadier-General Ghassan Nassour": the mention starts after the rank
        for j in range(k + 1, min(s.end, k + 6)):
            m = s.mention_starting(j)
            if m is not None:
                between = s.doc[k:j].text
                if m.rank is None and is_rank(between):
                    m = Mention(m.start, m.end, m.ref, m.label, m.known, between)
                elif (m.rank is None and m.title is None) or not all(
                    t.text[:1].isupper() or t.text == "-" for t in s.doc[k:j]
                ):
                    return None
                break
    if m is None:
        return None
    if m.label == PERSON:
        return m
    if m.label == OTHER and m.ref.kind != Kind.PLACE:
        words = s.doc[m.start : m.end]
        if (
            2 <= len([t for t in words if t.is_alpha]) <= 5
            and words[-1].lower_ not in ORG_HEADS
            and not any(t.lower_ in _NOT_IN_NAMES for t in words)
        ):
            return Mention(
                m.start, m.end, EntityRef(m.ref.name, Kind.PERSON), PERSON, m.known, m.rank
            )
    return None


def _led_by(s: Sentence, em: Emitter, a: int, b: int) -> None:
    doc = s.doc
    verb = doc[a].lower_
    k = b
    role_words: list[str] = []
    if k < s.end and doc[k].lower_ in ("a", "an", "the", "its", "their"):
        k += 1
    j = k
    while j < s.end and doc[j].is_lower and doc[j].is_alpha and j - k < 4:
        if doc[j].lower_ in ROLE_NOUNS:
            role_words = [t.text for t in doc[k : j + 1]]
            k = j + 1
            break
        j += 1
    role = " ".join(role_words) if role_words else None
    if role is None and verb not in _LEADING:
        return  # "overseen by X" without an office: oversight, not command
    k = _skip_link(s, k)
    person = person_at(s, k)
    if person is None:
        return
    agent = participle_agent(s, a) if doc[b - 1].lower_ == "by" else agent_before(s, a)
    own = agent.own if agent is not None else None
    if own is None:
        return
    when = clause_time(s, a, person.end)
    confidence = 0.8 if role is None else 0.75
    em.claim(
        s,
        own.ref,
        "commander",
        EntityRef(person.ref.name, Kind.PERSON),
        "led_by" if role is None else "office_held_by",
        confidence,
        lo=a,
        hi=person.end,
        when=when,
        role=role or person.title,
        rank=person.rank,
    )


def _skip_link(s: Sentence, k: int) -> int:
    """Skip "who is reported to be", "named", "," between an office and its holder."""
    doc = s.doc
    for _ in range(6):
        if k >= s.end:
            return k
        low = doc[k].lower_
        if low in ("who", "is", "was", "named", "identified", "as", ",", "to", "be", "believed"):
            k += 1
            continue
        if low in _REPORTED:
            k += 1
            continue
        return k
    return k


def _role_of(s: Sentence, em: Emitter, a: int, b: int) -> None:
    """ "X became commander of the NDF", "the NDF's leader X", "X, who remained its commander"."""
    doc = s.doc
    first = doc[a].lower_
    if first == "'s":
        owner = s.mention_at(a - 1)
        role_tok, start = a + 1, owner.start if owner is not None else a
    elif first in ("its", "their"):
        owner = its_subject(s, a)
        role_tok, start = a + 1, a
    else:
        k = b + (1 if b < s.end and doc[b].lower_ == "the" else 0)
        owner = s.mention_starting(k)
        role_tok, start = a, a
        if owner is not None:
            b = owner.end
    if owner is None or not owner.about_subject:
        return
    person = _holder(s, start, b)
    if person is None:
        return
    role = doc[role_tok].lower_
    tenure = _tenure(s, b)
    em.claim(
        s,
        owner.ref,
        "commander",
        EntityRef(person.ref.name, Kind.PERSON),
        "role_of",
        0.7,
        lo=min(a, person.start),
        hi=max(b, person.end),
        role=role,
        rank=person.rank,
        **(tenure or _point(clause_time(s, a, b))),
    )


def _point(when: Time | Period | None) -> dict[str, Time]:
    return {"point_in_time": when} if isinstance(when, Time) else {}


def _holder(s: Sentence, start: int, end: int) -> Mention | None:
    """Who holds the office named in tokens [start, end)."""
    doc = s.doc
    k = end + (1 if end < s.end and doc[end].text == "," else 0)
    person = person_at(s, k)  # "the NDF's commander, Hawash Mohammed"
    if person is not None:
        return person
    j = start - 1
    if j >= s.start and doc[j].lower_ in ("the", "a", "as"):
        j -= 1
    if j >= s.start and doc[j].text == ",":
        m = s.mention_at(j - 1)  # "Hawash Mohammed, the NDF's commander"
        return person_at(s, m.start) if m is not None else None
    if j >= s.start and doc[j].lower_ in _COPULAR | {"as"}:
        while j > s.start and doc[j - 1].lower_ in _COPULAR | {"as", "was", "been", "has"}:
            j -= 1
        agent = agent_before(s, j)
        if agent is not None and len(agent.mentions) == 1:
            return person_at(s, agent.mentions[0].start)
    return None
