"""Relations between the subject and other actors, one table row per way of saying it.

Each row is a trigger phrase, the property it gives, and which way it points:

- `forward`: the clause's subject owns the relation, the names after the
  trigger are its values ("the NDF received training from X and Y");
- `backward`: the clause's subject is the value, the owner follows the
  trigger ("Iran trained the group", "X conducted fundraising for the NDF");
- `in_clause`: the owner is named anywhere earlier in the clause ("… the
  formalization of the NDF along the model of the Basij").

The owner must be the article's subject or one of its sub-units; a sentence
about someone else ("the Syrian government began arming citizens against X")
yields nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from orbat.model import EntityRef, Kind

from .. import gazetteer
from ..clauses import agent_before, clause_start, objects_after, participle_agent
from ..document import Sentence
from ..engine import Emitter, trigger
from ..lexicon import ROLE_NOUNS
from ..mentions import PLACE, Mention
from .common import ACTOR_LABELS, GROUP_LABELS, clause_time, owner_after, subject_in, value_ref

Guard = Callable[[Sentence, int, int], bool]


@dataclass(frozen=True, slots=True)
class Relation:
    prop: str
    rule: str
    mode: str  # forward | backward | in_clause
    patterns: tuple[str, ...]
    confidence: float
    labels: frozenset[str] = ACTOR_LABELS
    timed: bool = False
    guard: Guard | None = None

    @property
    def key(self) -> str:
        return f"relation:{self.prop}/{self.rule}"


_OPERATION_NOUNS = frozenset(
    [
        "operation",
        "operations",
        "offensive",
        "offensives",
        "campaign",
        "campaigns",
        "attack",
        "attacks",
        "assault",
        "incursion",
        "intervention",
        "invasion",
    ]
)
_DIRECTIONS = frozenset(
    [
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "north",
        "south",
        "east",
        "west",
        "large",
        "small",
        "greater",
        "major",
        "significant",
    ]
)


def _not_after_operation(s: Sentence, a: int, b: int) -> bool:
    """ "… against the Turkish-led operation against Afrin": that "against" is the operation's."""
    return sum(1 for t in s.doc[a : b - 1] if t.lower_ == "against") == 0


# Triggers that are nouns by design ("a subsidiary of", "the clashes with").
_NOMINAL_TRIGGERS = frozenset(
    [
        "part",
        "component",
        "branch",
        "wing",
        "arm",
        "subsidiary",
        "affiliate",
        "auxiliary",
        "element",
        "member",
        "ally",
        "allies",
        "alliance",
        "coordination",
        "cooperation",
        "conjunction",
        "partnership",
        "concert",
        "support",
        "backing",
        "help",
        "assistance",
        "aid",
        "clashes",
        "skirmishes",
        "fighting",
        "hostilities",
        "confrontation",
        "confrontations",
        "escalation",
        "aggressiveness",
        "tensions",
        "war",
        "battles",
        "feud",
        "feuds",
        "rivalry",
        "training",
        "instruction",
        "funding",
        "alongside",
        "in",
        "with",
    ]
)
_NOUN_SLOT = frozenset(["the", "a", "an", "its", "their", "his", "her", "of", "this", "that"])


def _right_after_subject(s: Sentence, a: int) -> bool:
    """ "The NDF (later) absorbed X": active, right after the group's name; not "was absorbed"."""
    k = a - 1
    while k >= s.start and s.doc[k].lower_ in ("has", "had", "later", "then", "eventually", "also"):
        k -= 1
    m = s.mention_at(k) if k >= s.start else None
    return m is not None and m.end == k + 1 and m.about_subject


def _predicative(s: Sentence, a: int, b: int) -> bool:
    """ "(is|as) a … component of X", not "in the eastern part of X"."""
    doc = s.doc
    k = a - 1
    steps = 0
    while k >= s.start and steps < 6:
        low = doc[k].lower_
        if low in ("a", "an", "the"):
            before = doc[k - 1].lower_ if k - 1 >= s.start else ""
            return before in (
                "is",
                "was",
                "are",
                "were",
                "as",
                "became",
                "remains",
                "remained",
                ",",
            )
        if low in _DIRECTIONS or doc[k].text in (",", ";"):
            return False
        k -= 1
        steps += 1
    return False


def _not_internal_role(s: Sentence, a: int, b: int) -> bool:
    """ "overseen by a national coordinator": a post inside the group (a commander)."""
    return not (b < s.end and s.doc[b].lower_ in ("a", "an"))


RELATIONS: tuple[Relation, ...] = (
    # ---------------------------------------------------------------- support
    Relation(
        "supported_by",
        "received_support_from",
        "forward",
        (
            "receive~|get~|obtain~|enjoy~|seek~|sought *3 support|assistance|aid|backing|help|"
            "weapons|arms|equipment|supplies|advisers|advisors|reinforcements *4 from",
        ),
        0.8,
    ),
    Relation(
        "supported_by",
        "backed_by",
        "forward",
        (
            "backed|supported|sponsored|assisted|aided|armed|equipped|supplied|reinforced by",
            "backed|supported|sponsored|assisted|aided|armed|equipped|supplied and *1 by",
        ),
        0.8,
    ),
    Relation(
        "supported_by",
        "with_support_of",
        "forward",
        ("with the? support|backing|help|assistance|aid of|from",),
        0.7,
    ),
    Relation(
        "supported_by",
        "x_backed",
        "backward",
        ("back~|support~|sponsor~|arm~|equip~|assist~|aid~|supply~|reinforce~",),
        0.7,
    ),
    Relation(
        "supported_by",
        "helped_build",
        "backward",
        (
            "help~ to? build|create|form|establish|organize|organise|found|raise|set|arm|equip|"
            "fund|finance",
        ),
        0.75,
    ),
    Relation(
        "supported_by",
        "role_in_creation",
        "backward",
        ("play~ a|an *2 role in",),
        0.75,
    ),
    Relation(
        "supported_by",
        "provided_support",
        "backward",
        (
            "provide~|supply~|give~|gave|offer~|extend~|lend~|lent|send~|sent|deliver~ *3 "
            "support|assistance|aid|backing|weapons|arms|ammunition|equipment|advisers|advisors|"
            "rifles|vehicles|supplies to",
        ),
        0.75,
    ),
    # ---------------------------------------------------------------- training
    Relation(
        "trained_by",
        "received_training_from",
        "forward",
        ("receive~|get~|undergo~|obtain~ *3 training|instruction *8 from|by|with",),
        0.85,
    ),
    Relation(
        "trained_by",
        "trained_by",
        "forward",
        (
            "trained|instructed|drilled|schooled|mentored by",
            "training|instruction provided|given|offered|conducted by",
        ),
        0.85,
    ),
    Relation("trained_by", "x_trained", "backward", ("train~|instruct~|drill~",), 0.7),
    # ---------------------------------------------------------------- money
    Relation(
        "funded_by",
        "funded_by",
        "forward",
        ("funded|financed|bankrolled by", "funded|financed|bankrolled|paid and *1 by"),
        0.85,
    ),
    Relation(
        "funded_by",
        "received_funding_from",
        "forward",
        (
            "receive~|get~|obtain~ *3 funding|funds|money|financing|donations|salaries|"
            "payments *3 from",
        ),
        0.8,
    ),
    Relation("funded_by", "x_funded", "backward", ("fund~|finance~|bankroll~",), 0.7),
    Relation(
        "funded_by",
        "fundraising_for",
        "backward",
        (
            "conduct~|organize~|organise~|hold~|run~|launch~|raise~ *2 fundraising|fund-raising|"
            "fundraisers|fundraiser|funds|money|donations *2 for",
            "raise~ funds|money for",
        ),
        0.8,
    ),
    # ---------------------------------------------------------------- oversight and models
    Relation(
        "overseen_by",
        "overseen_by",
        "forward",
        ("overseen|supervised by",),
        0.8,
        guard=_not_internal_role,
    ),
    Relation(
        "modeled_on",
        "on_the_model_of",
        "in_clause",
        ("on|along|after the model|lines|pattern|example|template of",),
        0.75,
        labels=GROUP_LABELS,
    ),
    Relation(
        "modeled_on",
        "modeled_on",
        "in_clause",
        ("modeled|modelled|patterned|fashioned|styled on|after|upon",),
        0.8,
        labels=GROUP_LABELS,
    ),
    # ---------------------------------------------------------------- structure
    Relation(
        "part_of",
        "component_of",
        "forward",
        ("part|component|branch|wing|arm|subsidiary|affiliate|auxiliary|element|member of",),
        0.8,
        labels=GROUP_LABELS,
        guard=_predicative,
    ),
    Relation(
        "formed_from",
        "incorporated_into",
        "backward",
        ("incorporate~|integrate~|absorb~|merge~|fold~|subsume~ into",),
        0.7,
        labels=GROUP_LABELS,
    ),
    Relation(
        "formed_from",
        "merged_with",
        "forward",
        ("merge~|amalgamate~ with",),
        0.7,
        labels=GROUP_LABELS,
    ),
    Relation(
        "formed_from",
        "absorbed",
        "forward",
        ("absorbed|incorporated|subsumed",),
        0.65,
        labels=GROUP_LABELS,
        guard=lambda s, a, b: _right_after_subject(s, a),
    ),
    # ---------------------------------------------------------------- enemies and friends
    Relation(
        "opponent",
        "fought_against",
        "forward",
        (
            "fight~|battle~|struggle~|war~|wage~|combat~|volunteer~|mobilize~|mobilise~|"
            "deploy~ *6 against",
            "clash~|clashes|skirmish~|skirmishes|fighting|hostilities|confrontation|confrontations|"
            "escalation|aggressiveness|tensions|war|battles|feud|feuds|rivalry *2 with",
            "launch~|conduct~|mount~|begin|began|begun|lead|led|start~ *3 offensive|offensives|"
            "operation|operations|campaign|attack|attacks|assault against|on",
        ),
        0.7,
        timed=True,
        guard=_not_after_operation,
    ),
    Relation(
        "opponent",
        "attacked",
        "forward",
        (
            "attack~|ambush~|besiege~|raid~|shell~|bomb~|target~|confront~|expel~|repel~|oppose~|"
            "fight~|battle~|combat~|engage~",
        ),
        0.6,
        timed=True,
    ),
    Relation(
        "opponent",
        "attacked_by_x",
        "forward",
        ("attacked|ambushed|targeted|besieged|shelled|raided|bombed by",),
        0.6,
        timed=True,
    ),
    Relation(
        "opponent",
        "attacked_by",
        "backward",
        ("attack~|ambush~|besiege~|raid~|shell~|target~|confront~",),
        0.6,
        timed=True,
    ),
    Relation(
        "ally",
        "alongside",
        "forward",
        (
            "alongside",
            "in coordination|cooperation|conjunction|alliance|partnership|concert with",
            "jointly|together with",
            "form~|forge~|enter~|join~|sign~|conclude~ *3 alliance|pact|coalition|partnership with",
            "allied|allies|ally itself|themselves? with|to",
            "ally|allies of",
            "cooperate~|collaborate~|coordinate~ with",
        ),
        0.7,
        timed=True,
    ),
)

for _r in RELATIONS:
    trigger(_r.key, *_r.patterns)

_LED = frozenset(["led", "backed", "supported", "sponsored", "funded", "armed", "trained"])

PROVIDED = trigger("supported_by:provided_with", "provide~|supply~|furnish~|equip~|arm~|help~")
_SUPPORT_NOUNS = {
    "training": "trained_by",
    "instruction": "trained_by",
    "funding": "funded_by",
    "funds": "funded_by",
    "money": "funded_by",
    "financing": "funded_by",
    "salaries": "funded_by",
}
_AID_NOUNS = frozenset(
    [
        "weapons",
        "arms",
        "ammunition",
        "equipment",
        "advisers",
        "advisors",
        "rifles",
        "vehicles",
        "supplies",
        "support",
        "aid",
        "assistance",
        "logistics",
        "intelligence",
        "artillery",
    ]
)

GATHERED = trigger(
    "formed_from:gathered_under",
    "formalize~|formalise~|unite~|unify~|unified|merge~|consolidate~|bring|brought|gather~|"
    "organize~|organise~|reorganize~|reorganise~|integrate~|group~|combine~|fold~|"
    "amalgamate~|absorb~ *12 under|into",
)
_UMBRELLA = frozenset(
    [
        "a",
        "an",
        "the",
        "new",
        "single",
        "one",
        "group",
        "umbrella",
        "organization",
        "organisation",
        "force",
        "structure",
        "banner",
        "command",
        "body",
        "framework",
        "entity",
        "militia",
        "called",
        "dubbed",
        "named",
        "known",
        "as",
        "unified",
    ]
)


# Each relation with its trigger's name, made once rather than per relation per sentence.
_KEYED = tuple((r, r.key) for r in RELATIONS)


def run(s: Sentence, em: Emitter) -> None:
    found = em.found(s)
    for r, key in _KEYED:
        if key not in found:  # matched nowhere in the paragraph: most relations, most sentences
            continue
        for a, b in em.matches(s, key):
            if r.guard is not None and not r.guard(s, a, b):
                continue
            if r.mode == "forward":
                _forward(s, em, r, a, b)
            elif r.mode == "backward":
                _backward(s, em, r, a, b)
            else:
                _in_clause(s, em, r, a, b)
    _compound_backing(s, em)
    for a, b in em.matches(s, GATHERED):
        _gathered(s, em, a, b)
    for a, b in em.matches(s, PROVIDED):
        _provided_with(s, em, a, b)
    _participle_lists(s, em)
    _supplied_by(s, em)


_GIVEN = frozenset(["supplied", "provided", "given", "donated", "offered", "sent", "delivered"])


def _supplied_by(s: Sentence, em: Emitter) -> None:
    """ "…, with money and weapons supplied by the Ragusan Ministry of the Interior"."""
    lower = s.tokens.lower
    for by in range(s.start + 2, s.end):
        if lower[by] != "by" or lower[by - 1] not in _GIVEN:
            continue
        props: set[str] = set()
        k = by - 2
        while k >= s.start and (lower[k] in ("and", ",") or _aid_prop(lower[k])):
            if (prop := _aid_prop(lower[k])) is not None:
                props.add(prop)
            k -= 1
        if not props or k < s.start or lower[k] != "with":
            continue
        agent = agent_before(s, k)
        own = agent.own if agent is not None else None
        if own is None:
            continue
        values, end = _values(s, by + 1)
        for m, direct in values:
            ref = direct or value_ref(m, ACTOR_LABELS, _default_kind_of(m))
            if ref is not None and ref.id != own.ref.id:
                for prop in sorted(props):
                    em.claim(s, own.ref, prop, ref, "supplied_by", 0.75, lo=k, hi=end)


def _aid_prop(word: str) -> str | None:
    if word in _SUPPORT_NOUNS:
        return _SUPPORT_NOUNS[word]
    return "supported_by" if word in _AID_NOUNS else None


_PARTICIPLE_PROPS = {
    "funded": "funded_by",
    "financed": "funded_by",
    "bankrolled": "funded_by",
    "trained": "trained_by",
    "instructed": "trained_by",
    "armed": "supported_by",
    "equipped": "supported_by",
    "backed": "supported_by",
    "supported": "supported_by",
    "sponsored": "supported_by",
    "supplied": "supported_by",
    "assisted": "supported_by",
    "advised": "supported_by",
}


def _participle_lists(s: Sentence, em: Emitter) -> None:
    """ "funded, trained and equipped by the IRGC": one claim per participle."""
    lower = s.tokens.lower
    for by in range(s.start + 1, s.end):
        if lower[by] != "by":
            continue
        props: list[str] = []
        k = by - 1
        while k >= s.start:
            low = lower[k]
            if low in _PARTICIPLE_PROPS:
                props.append(_PARTICIPLE_PROPS[low])
            elif not (low in ("and", ",", "or") or low.endswith("ly")):
                break
            k -= 1
        first = k + 1
        if len(props) < 2:
            continue
        agent = participle_agent(s, first)
        own = agent.own if agent is not None else None
        if own is None:
            continue
        values, end = _values(s, by + 1)
        for m, direct in values:
            ref = direct or value_ref(m, ACTOR_LABELS, _default_kind_of(m))
            if ref is None or ref.id == own.ref.id:
                continue
            for prop in dict.fromkeys(props):
                em.claim(s, own.ref, prop, ref, "participle_list", 0.8, lo=first, hi=end)


def _provided_with(s: Sentence, em: Emitter, a: int, b: int) -> None:
    """ "Russia has provided the brigade with weapons and advisers since 2017"."""
    agent = agent_before(s, a)
    if agent is None or agent.own is not None:
        return
    target = owner_after(s, b, exclude=agent.mentions)
    if target is None:
        return
    doc = s.doc
    k = target.end
    while k < s.end and doc[k].lower_ in ("'s", "fighters", "members", "men", "units"):
        k += 1
    if k >= s.end or doc[k].lower_ != "with":
        return
    props: set[str] = set()
    for j in range(k + 1, min(s.end, k + 8)):
        low = doc[j].lower_
        if low in _SUPPORT_NOUNS:
            props.add(_SUPPORT_NOUNS[low])
        elif low in _AID_NOUNS:
            props.add("supported_by")
        elif doc[j].text in (",", ";", ".") or low in ("since", "in", "from", "until"):
            break
    when = clause_time(s, a, s.end)
    for prop in sorted(props):
        for m in agent.mentions:
            ref = value_ref(m, ACTOR_LABELS)
            if ref is not None:
                em.claim(s, target.ref, prop, ref, "provided_with", 0.75, lo=a, hi=k + 1, when=when)


def _gathered(s: Sentence, em: Emitter, a: int, b: int) -> None:
    """ "formalize hundreds of Popular Committee militias under a new group dubbed the NDF"."""
    doc = s.doc
    k = b
    while k < s.end and doc[k].lower_ in _UMBRELLA and s.mention_starting(k) is None:
        k += 1
    target = s.mention_starting(k)
    if target is None or target.label not in ("SUBJECT", "SUBUNIT"):
        return
    for m in s.mentions:
        if a < m.start and m.end < b:
            ref = value_ref(m, GROUP_LABELS)
            if ref is not None and ref.id != target.ref.id:
                em.claim(
                    s, target.ref, "formed_from", ref, "gathered_under", 0.75, lo=a, hi=target.end
                )


def _values(s: Sentence, b: int) -> tuple[list[tuple[Mention, EntityRef | None]], int]:
    """The names after token b, with "Turkish-led X" read as the country."""
    doc = s.doc
    k = b
    while k < s.end and doc[k].lower_ in ("the", "a", "an"):
        k += 1
    if k + 2 < s.end and doc[k + 1].text == "-" and doc[k + 2].lower_ in _LED:
        country = gazetteer.demonym(doc[k].text) or gazetteer.country_name_only(doc[k].text)
        if country is not None:
            m = Mention(k, k + 3, EntityRef(country, Kind.PLACE), PLACE, False)
            return [(m, m.ref)], k + 3
    mentions, end = objects_after(s, b)
    return [(m, None) for m in mentions], end


def _forward(s: Sentence, em: Emitter, r: Relation, a: int, b: int) -> None:
    if (
        a > s.start
        and s.doc[a].lower_ not in _NOMINAL_TRIGGERS
        and (s.doc[a - 1].lower_ in _NOUN_SLOT or s.doc[a - 1].text in ("'", "’"))
    ):
        return  # "Achilles' battle prize": a verb's trigger used as a noun
    passive = s.doc[b - 1].lower_ == "by" and s.doc[a].lower_.endswith("ed")
    agent = participle_agent(s, a) if passive else agent_before(s, a)
    own = agent.own if agent is not None else None
    if own is None:
        return
    values, end = _values(s, b)
    when = clause_time(s, a, end) if r.timed else None
    confidence = r.confidence * (0.9 if agent is not None and agent.inherited else 1.0)
    places = _locations(s, end) if r.prop == "trained_by" else []
    for m, direct in values:
        ref = direct or value_ref(m, r.labels, _default_kind(r, m))
        if ref is None or ref.id == own.ref.id:
            continue
        for place in places or [None]:
            em.claim(
                s, own.ref, r.prop, ref, r.rule, confidence, lo=a, hi=end, when=when, location=place
            )


_FACILITIES = frozenset(
    ["facilities", "facility", "camps", "camp", "bases", "base", "sites", "centres", "centers"]
)


def _locations(s: Sentence, k: int) -> list[EntityRef]:
    """ "… at facilities inside Syria, Lebanon, and Iran": where training took place."""
    doc = s.doc
    steps = 0
    while k < s.end and steps < 4:
        low = doc[k].lower_
        if low in ("in", "at", "inside", "near") or low in _FACILITIES or low in ("the", "a"):
            k += 1
            steps += 1
            continue
        break
    if steps == 0:
        return []
    out: list[EntityRef] = []
    while k < s.end:
        m = s.mention_starting(k)
        if m is None or m.label != PLACE:
            break
        out.append(EntityRef(m.ref.name, Kind.PLACE))
        k = m.end
        if k < s.end and doc[k].text == ",":
            k += 1
        if k < s.end and doc[k].lower_ == "and":
            k += 1
    return out


def _backward(s: Sentence, em: Emitter, r: Relation, a: int, b: int) -> None:
    doc = s.doc
    if (b < s.end and doc[b].lower_ == "of") or (a > s.start and doc[a - 1].lower_ in _NOUN_SLOT):
        return  # "the supply of IKEA products", "their support": nouns, not verbs
    agent = agent_before(s, a)
    if agent is None or agent.own is not None:
        return
    target = owner_after(s, b, exclude=agent.mentions)
    if target is None:
        return
    when = clause_time(s, a, target.end) if r.timed else None
    for m in agent.mentions:
        ref = value_ref(m, r.labels, _default_kind(r, m))
        if ref is None or ref.id == target.ref.id:
            continue
        em.claim(s, target.ref, r.prop, ref, r.rule, r.confidence, lo=a, hi=target.end, when=when)


def _in_clause(s: Sentence, em: Emitter, r: Relation, a: int, b: int) -> None:
    start, _, _ = clause_start(s, a)
    own = subject_in(s, start, a)
    if own is None:
        agent = agent_before(s, a)
        own = agent.own if agent is not None else None
    if own is None:
        return
    values, end = _values(s, b)
    for m, direct in values:
        ref = direct or value_ref(m, r.labels, _default_kind(r, m))
        if ref is None or ref.id == own.ref.id:
            continue
        em.claim(s, own.ref, r.prop, ref, r.rule, r.confidence, lo=a, hi=end)


def _default_kind_of(m: Mention) -> Kind:
    if m.label == "PERSON" or m.rank or m.ref.kind == Kind.PERSON:
        return Kind.PERSON
    return Kind.ORGANISATION


def _default_kind(r: Relation, m: Mention) -> Kind:
    if m.label == "PERSON" or m.rank or (m.start > 0 and m.ref.kind == Kind.PERSON):
        return Kind.PERSON
    return Kind.ORGANISATION


def _compound_backing(s: Sentence, em: Emitter) -> None:
    """ "the Iranian-backed NDF", "an Iran-backed militia" (in a clause about the subject)."""
    doc = s.doc
    toks = s.tokens
    for k in range(s.start, s.end - 2):
        if toks.text[k + 1] != "-" or toks.lower[k + 2] not in (
            "backed",
            "sponsored",
            "funded",
            "trained",
        ):
            continue
        country = gazetteer.demonym(doc[k].text) or gazetteer.country_name_only(doc[k].text)
        if country is None:
            continue
        prop = {"funded": "funded_by", "trained": "trained_by"}.get(
            doc[k + 2].lower_, "supported_by"
        )
        after = s.mention_starting(k + 3)
        own = after if after is not None and after.about_subject else None
        if own is None:
            det = k - 1
            if det >= s.start and doc[det].lower_ in ("a", "an"):
                agent = (
                    agent_before(s, det - 1)
                    if det - 1 >= s.start and doc[det - 1].lower_ in ("is", "was")
                    else None
                )
                own = agent.own if agent is not None else None
        if own is None:
            continue
        em.claim(
            s, own.ref, prop, EntityRef(country, Kind.PLACE), "demonym_backed", 0.75, lo=k, hi=k + 3
        )


__all__ = ["RELATIONS", "ROLE_NOUNS", "run"]
