"""Allegations: incidents a group is accused of, each an entity of its own.

"An NDF militia …, has been accused of war crimes, for instance massacres in
Halfaya in December 2012 and Kfar Hod in March 2013, and in Al-Lataminah where
… 200 civilian deaths …, and of recruiting child soldiers." gives four
incidents: two massacres (place and month each), one with 200 dead, and the
recruitment of children. Each incident carries `instance_of`, `location`,
`point_in_time`, `casualties` and `perpetrator`; the accused group gets
`accused_of` → incident, hedged with the cue ("accused").

Precision first: the accused must be the subject or one of its sub-units, as
the clause's subject ("X has been accused of") or as the object of "accused"
("HRW accused the NDF of"). A group that accuses someone else accuses nobody
here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from orbat.model import EntityRef, Kind
from orbat.values.types import Period, Quantity, Time

from ..clauses import agent_before
from ..document import Sentence
from ..engine import Emitter, trigger
from ..mentions import OTHER, PLACE, SUBUNIT, Mention
from .common import owner_after

ACCUSED = trigger(
    "incident:accused",
    "accuse~|alleged|implicated|blamed|charged|suspected|responsible|culpable|guilty "
    "of|in|for|with",
    "accusations|allegations|accused|alleged *2 of|that",
    "commit~|perpetrate~|carry|carried|carries|carrying out?",
    "alleged|accused|suspected|said|reported|believed|thought to have",
    "link~|tie~|connect~ *3 to|with",
)
# Verbs that are themselves the deed: "the group reportedly abducted two men in Halba".
ACTS = trigger(
    "incident:acts",
    "massacre~|execute~|burn~|loot~|raze~|abduct~|kidnap~|torture~|rape~|behead~|kill~|"
    "murder~|pillage~|plunder~",
)
_NOUNS = {
    "massacre": "massacre",
    "massacres": "massacre",
    "massacring": "massacre",
    "massacred": "massacre",
    "killing": "killing",
    "killings": "killing",
    "killed": "killing",
    "kill": "killing",
    "murder": "killing",
    "murdered": "killing",
    "murdering": "killing",
    "murders": "killing",
    "execution": "execution",
    "executions": "execution",
    "executing": "execution",
    "executed": "execution",
    "bombing": "bombing",
    "bombings": "bombing",
    "shelling": "shelling",
    "abduction": "abduction",
    "abductions": "abduction",
    "abducting": "abduction",
    "abducted": "abduction",
    "kidnapping": "kidnapping",
    "kidnappings": "kidnapping",
    "kidnapped": "kidnapping",
    "looting": "looting",
    "looted": "looting",
    "pillaging": "looting",
    "pillaged": "looting",
    "plundering": "looting",
    "plundered": "looting",
    "torture": "torture",
    "torturing": "torture",
    "tortured": "torture",
    "rape": "rape",
    "rapes": "rape",
    "raped": "rape",
    "atrocity": "atrocity",
    "atrocities": "atrocity",
    "beheading": "beheading",
    "beheadings": "beheading",
    "beheaded": "beheading",
    "burning": "burning",
    "burned": "burning",
    "burnt": "burning",
    "razing": "destruction",
    "razed": "destruction",
    "pogrom": "pogrom",
    "pogroms": "pogrom",
    "bombardment": "bombardment",
    "disappearances": "enforced disappearance",
    "expulsion": "expulsion",
    "expulsions": "expulsion",
}
# A killing counts only when its victims were not combatants.
_VICTIMS = frozenset(
    [
        "civilians",
        "villagers",
        "people",
        "residents",
        "prisoners",
        "detainees",
        "captives",
        "children",
        "women",
        "men",
        "farmers",
        "worshippers",
        "students",
        "protesters",
        "refugees",
        "inhabitants",
    ]
)
_KILLING = frozenset(["killing", "massacre", "execution"])
_SETTLEMENTS = frozenset(
    ["village", "town", "city", "district", "neighbourhood", "neighborhood", "camp"]
)
_LINKING = frozenset(["linked", "links", "link", "tied", "ties", "connected", "connects"])
_DEATHS = frozenset(["deaths", "dead", "killed", "victims", "casualties", "civilians", "people"])
_CHILD_VERBS = frozenset(
    [
        "recruiting",
        "recruitment",
        "recruit",
        "recruited",
        "conscripting",
        "conscription",
        "enlisting",
        "enlistment",
        "using",
        "use",
        "employing",
        "employment",
    ]
)
_CHILDREN = frozenset(["child", "children", "minors", "underage", "boys"])
_PLACE_PREPS = frozenset(["in", "at", "near", "around", "outside"])
_LABELS = frozenset([PLACE, OTHER])


@dataclass
class _Incident:
    noun: str | None
    place: Mention | None = None
    when: Time | None = None
    casualties: Quantity | None = None
    casualty_words: str | None = None
    victims: bool = False  # the dead were civilians or prisoners, not fighters
    lo: int = 0
    hi: int = 0


def run(s: Sentence, em: Emitter) -> None:
    covered_until = -1
    found = [(a, b, False) for a, b in em.matches(s, ACCUSED)]
    found += [(a, b, True) for a, b in em.matches(s, ACTS)]
    for a, b, act in sorted(found):
        if a < covered_until:
            continue
        if act and (_passive(s, a) or not _past(s.doc[a].lower_)):
            continue  # "were killed by …", "accused … of looting": the doer is elsewhere
        owner = _owner(s, a, b)
        if owner is None:
            continue
        incidents = _incidents(s, a if act else b, s.end)
        if act:
            incidents = [i for i in incidents if i.noun not in _KILLING or i.victims]
        if incidents:
            covered_until = s.end
        for inc in incidents:
            _emit(s, em, owner, inc, a)


def _past(word: str) -> bool:
    return word.endswith("ed") or word in ("burnt", "slew")


def _passive(s: Sentence, a: int) -> bool:
    k = a - 1
    while k >= s.start and s.doc[k].lower_.endswith("ly"):
        k -= 1
    return k >= s.start and s.doc[k].lower_ in ("was", "were", "been", "being", "be", "is", "are")


def _owner(s: Sentence, a: int, b: int) -> Mention | None:
    doc = s.doc
    verb = doc[a].lower_
    nxt = doc[a + 1].lower_ if a + 1 < s.end else ""
    if (verb.startswith("accus") or verb in _LINKING) and nxt not in (
        "of",
        "for",
        "in",
        "with",
        "to",
    ):
        target = owner_after(s, a + 1)  # "HRW accused the NDF of …"
        return target
    agent = agent_before(s, a)
    return agent.own if agent is not None else None


def _incidents(s: Sentence, lo: int, hi: int) -> list[_Incident]:
    """Split an accusation into incidents: a deed noun opens one, a new place opens another.

    A deed's phrase ("massacres in Halfaya in December 2012") runs until a
    comma or "and"; counts, places and times inside it belong to that deed. A
    place coordinated bare after it ("… and Kfar Hod in March 2013") is the
    same kind of deed elsewhere; a place with its own preposition after a
    break ("…, and in Al-Lataminah where …") starts a deed of unknown kind.
    """
    doc = s.doc
    out: list[_Incident] = []
    current: _Incident | None = None
    i = lo
    while i < hi:
        tok = doc[i]
        low = tok.lower_
        if low in _NOUNS:
            prev = s.mention_at(i - 1) if i - 1 >= lo else None
            place = prev if prev is not None and prev.label in _LABELS and prev.end == i else None
            current = _Incident(_NOUNS[low], place, lo=place.start if place else i, hi=i + 1)
            out.append(current)
            i += 1
            continue
        if low in _CHILD_VERBS and _children_at(s, i + 1):
            j = i + 1
            while j < hi and doc[j].lower_ in _CHILDREN | {"of", "the"}:
                j += 1
            if j < hi and doc[j].lower_ in ("soldiers", "fighters", "combatants"):
                j += 1
            out.append(_Incident("recruitment of child soldiers", lo=i, hi=j))
            current = None
            i = j
            continue
        place_prep = low in _PLACE_PREPS or (
            low == "of" and i > lo and doc[i - 1].lower_ in _SETTLEMENTS
        )
        if place_prep and i + 1 < hi and (m := s.mention_starting(i + 1)) and m.label in _LABELS:
            if current is not None and current.place is None:
                current.place = m
                current.hi = m.end
            else:
                current = _Incident(None, m, lo=i, hi=m.end)
                out.append(current)
            i = m.end
            continue
        if low in ("and", ",", "or") and out and out[-1].place is not None and out[-1].noun:
            j = i + 1
            if j < hi and doc[j].lower_ == "and":
                j += 1
            m = s.mention_starting(j) if j < hi else None
            if m is not None and m.label in _LABELS:
                current = _Incident(out[-1].noun, m, lo=j, hi=m.end)  # "… and Kfar Hod in …"
                out.append(current)
                i = m.end
                continue
        if low in (",", ";", "and", "or") or tok.text in (",", ";"):
            current = None
        i = _attach(s, out, current, i)
    return [
        inc
        for inc in out
        if inc.casualties is not None
        or inc.noun == "recruitment of child soldiers"
        or (inc.noun is not None and (inc.place is not None or inc.when is not None))
    ]


def _children_at(s: Sentence, k: int) -> bool:
    doc = s.doc
    while k < s.end and doc[k].lower_ in ("of", "the"):
        k += 1
    return k < s.end and doc[k].lower_ in _CHILDREN


def _attach(s: Sentence, out: list[_Incident], current: _Incident | None, i: int) -> int:
    """Attach a time or a death toll at token i to the latest incident; return the next token."""
    doc = s.doc
    tok = doc[i]
    if not out:
        return i + 1
    last = out[-1]
    for t in s.times:
        if t.start == tok.idx or t.lead == tok.idx:
            value = t.value.start if isinstance(t.value, Period) else t.value
            if last.when is None and isinstance(value, Time):
                last.when = value
            end = s.token_at_char(t.end - 1) + 1
            last.hi = max(last.hi, end)
            return end
    for q in s.quantities:
        if q.start == tok.idx:
            j = s.token_at_char(q.end - 1) + 1
            words = []
            k = j
            while k < s.end and len(words) < 3 and doc[k].is_alpha:
                words.append(doc[k].lower_)
                if doc[k].lower_ in _DEATHS:
                    break
                k += 1
            dead = bool(words) and words[-1] in _DEATHS
            victims = (
                current is not None and current.noun in _KILLING and bool(set(words) & _VICTIMS)
            )
            if (dead or victims) and last.casualties is None:
                last.casualties = replace(q.value, when=None)
                if dead:
                    last.casualty_words = " ".join(words)
                last.victims = victims or dead
                last.hi = max(last.hi, k + 1)
            return j
    if current is not None and tok.lower_ in _VICTIMS:
        current.victims = True
    return i + 1


def _emit(s: Sentence, em: Emitter, owner: Mention, inc: _Incident, a: int) -> None:
    kind = inc.noun or (inc.casualty_words or "killing")
    place = EntityRef(inc.place.ref.name, Kind.PLACE) if inc.place is not None else None
    perpetrator = EntityRef(
        owner.ref.name, owner.ref.kind if owner.ref.kind != Kind.OTHER else Kind.ORGANISATION
    )
    name = _name(kind, place, inc.when, perpetrator)
    incident = EntityRef(name, Kind.INCIDENT)
    rule = "incident_in_place" if place is not None else "incident"
    confidence = 0.75 if place is not None and inc.noun else 0.6
    lo, hi = a, max(inc.hi, a + 1)
    em.claim(s, owner.ref, "accused_of", incident, rule, confidence, lo=lo, hi=hi)
    if owner.label == SUBUNIT:
        em.claim(
            s,
            em.subject,
            "accused_of",
            incident,
            rule + "_by_subunit",
            confidence * 0.9,
            lo=lo,
            hi=hi,
        )
    em.claim(
        s, incident, "instance_of", kind, "incident/kind", confidence, lo=lo, hi=hi, hedged=False
    )
    em.claim(s, incident, "perpetrator", perpetrator, "incident/accused", confidence, lo=lo, hi=hi)
    if place is not None:
        em.claim(
            s, incident, "location", place, "incident/place", confidence, lo=lo, hi=hi, hedged=False
        )
    if inc.when is not None:
        em.claim(
            s,
            incident,
            "point_in_time",
            inc.when,
            "incident/time",
            confidence,
            lo=lo,
            hi=hi,
            hedged=False,
        )
    if inc.casualties is not None:
        em.claim(
            s, incident, "casualties", inc.casualties, "incident/deaths", confidence, lo=lo, hi=hi
        )


def _name(kind: str, place: EntityRef | None, when: Time | None, perpetrator: EntityRef) -> str:
    """ "Halfaya massacre (December 2012)"; without a place, named by the accused."""
    base = (
        f"{place.name} {kind}"
        if place is not None
        else f"{kind[:1].upper()}{kind[1:]} by {perpetrator.name}"
    )
    return base if when is None else f"{base} ({when.display()})"
