"""The rule engine: trigger phrases as spaCy token patterns, and the claim emitter.

Triggers are written in a small notation that compiles to `Matcher` patterns,
so that a rule reads like the phrase it looks for:

    "receive~ *3 training *6 from|by"

- `a|b` — any of these words (case-insensitive);
- `verb~` — every inflection of a verb (receive, receives, received, receiving);
- `x?` — an optional word;
- `*N` — up to N words of anything except punctuation.

All triggers of all rules go into one Matcher, built once per process; a
document is matched in one pass.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc

from orbat.extract.context import Context
from orbat.model import Claim, EntityRef, QualifierValue, Value, period_qualifiers
from orbat.names import normalize_name
from orbat.values.types import Period, Time

from .document import Sentence
from .hedging import hedge, negated
from .mentions import SUBUNIT, Knowledge

_TRIGGERS: dict[str, list[str]] = {}
_IRREGULAR = {
    "lead": ["lead", "leads", "led", "leading"],
    "fight": ["fight", "fights", "fought", "fighting"],
    "give": ["give", "gives", "gave", "given", "giving"],
    "grow": ["grow", "grows", "grew", "grown", "growing"],
    "set": ["set", "sets", "setting"],
    "build": ["build", "builds", "built", "building"],
    "get": ["get", "gets", "got", "gotten", "getting"],
    "rise": ["rise", "rises", "rose", "risen", "rising"],
    "swell": ["swell", "swells", "swelled", "swollen", "swelling"],
    "draw": ["draw", "draws", "drew", "drawn", "drawing"],
    "make": ["make", "makes", "made", "making"],
    "bring": ["bring", "brings", "brought", "bringing"],
    "undergo": ["undergo", "undergoes", "underwent", "undergone", "undergoing"],
    "teach": ["teach", "teaches", "taught", "teaching"],
    "take": ["take", "takes", "took", "taken", "taking"],
    "hold": ["hold", "holds", "held", "holding"],
    "fall": ["fall", "falls", "fell", "fallen", "falling"],
    "pay": ["pay", "pays", "paid", "paying"],
    "shrink": ["shrink", "shrinks", "shrank", "shrunk", "shrinking"],
    "run": ["run", "runs", "ran", "running"],
    "arm": ["arm", "arms", "armed", "arming"],
    "plan": ["plan", "plans", "planned", "planning"],
    "equip": ["equip", "equips", "equipped", "equipping"],
    "ally": ["ally", "allies", "allied", "allying"],
    "battle": ["battle", "battles", "battled", "battling"],
    "clash": ["clash", "clashes", "clashed", "clashing"],
    "stand": ["stand", "stands", "stood", "standing"],
    "found": ["found", "founds", "founded", "founding"],
    "fund": ["fund", "funds", "funded", "funding"],
    "split": ["split", "splits", "splitting"],
    "have": ["have", "has", "had", "having"],
    "be": ["be", "is", "are", "was", "were", "been", "being"],
}


def inflect(verb: str) -> list[str]:
    """The forms of a regular or listed irregular English verb."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("e"):
        return [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return [verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return [verb, verb + "es", verb + "ed", verb + "ing"]
    return [verb, verb + "s", verb + "ed", verb + "ing"]


def compile_pattern(text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in text.split():
        if item.startswith("*"):
            out.append({"IS_PUNCT": False, "OP": "{0," + item[1:] + "}"})
            continue
        optional = item.endswith("?") and len(item) > 1
        if optional:
            item = item[:-1]
        words: list[str] = []
        for alt in item.split("|"):
            words.extend(inflect(alt[:-1]) if alt.endswith("~") else [alt.lower()])
        token: dict[str, Any] = {"LOWER": {"IN": words}} if len(words) > 1 else {"LOWER": words[0]}
        if optional:
            token["OP"] = "?"
        out.append(token)
    return out


def trigger(name: str, *patterns: str) -> str:
    """Declare the phrases that fire a rule; returns the name to look matches up by."""
    _TRIGGERS.setdefault(name, []).extend(patterns)
    return name


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    from .sentences import nlp

    m = Matcher(nlp().vocab)
    for name, patterns in _TRIGGERS.items():
        m.add(name, [compile_pattern(p) for p in patterns], greedy="LONGEST")
    return m


def find_triggers(doc: Doc) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    vocab = doc.vocab
    for key, start, end in matcher()(doc):
        out[vocab.strings[key]].append((start, end))
    for spans in out.values():
        spans.sort()
    return out


# ------------------------------------------------------------------ emitting claims


@dataclass
class Emitter:
    """Turns rule findings into claims, applying the guards every rule shares."""

    ctx: Context
    knowledge: Knowledge
    triggers: dict[int, dict[str, list[tuple[int, int]]]] = field(default_factory=dict)
    subunits: dict[str, EntityRef] = field(default_factory=dict)

    @property
    def subject(self) -> EntityRef:
        return self.ctx.subject

    def matches(self, s: Sentence, name: str) -> list[tuple[int, int]]:
        found = self.triggers.get(id(s.doc), {}).get(name, [])
        return [(a, b) for a, b in found if s.start <= a and b <= s.end]

    def add_subunit(self, ref: EntityRef, names: list[str]) -> None:
        self.subunits[ref.id] = ref
        for n in names:
            self.knowledge.add(n, ref, SUBUNIT)

    def claim(
        self,
        s: Sentence,
        subject: EntityRef,
        prop: str,
        value: Value,
        rule: str,
        confidence: float,
        *,
        lo: int | None = None,
        hi: int | None = None,
        hedged: bool = True,
        when: Time | Period | None = None,
        **quals: QualifierValue | None,
    ) -> Claim | None:
        """Add a claim read from sentence s; tokens [lo, hi) hold the evidence.

        Negated statements are dropped; hedged ones keep a `hedged` qualifier
        and lose some confidence. Time claims that repeat a more precise one
        already made (by the infobox or an earlier sentence) add nothing.
        """
        lo = s.start if lo is None else lo
        hi = s.end if hi is None else hi
        if negated(s, lo, hi):
            return None
        cue = hedge(s, hi) if hedged else None
        if cue:
            confidence *= 0.8
        if isinstance(value, Time) and self._coarser_than_known(subject, prop, value):
            return None
        if prop == "commander" and isinstance(value, EntityRef):
            known = self._known_commander(subject, value)
            if known is not None:
                for q in ("role", "rank"):
                    if quals.get(q) is None and known.qualifier(q) is not None:
                        quals[q] = known.qualifier(q)
        quals.update(_time_qualifiers(when))
        src = self.ctx.source(
            s.cite(), s.section, f"prose:{prop}/{rule}", confidence=round(confidence, 2)
        )
        return self.ctx.claim(subject, prop, value, src, hedged=cue, **quals)

    def _coarser_than_known(self, subject: EntityRef, prop: str, t: Time) -> bool:
        for c in self.ctx.extraction.claims:
            if (
                c.property != prop
                or c.subject.name != subject.name
                or not isinstance(c.value, Time)
            ):
                continue
            v = c.value
            if (
                v.year == t.year
                and (t.month is None or v.month == t.month)
                and (v.month, v.day) != (t.month, t.day)
                and _finer(v, t)
            ):
                return True
        return False

    def _known_commander(self, subject: EntityRef, person: EntityRef) -> Claim | None:
        for c in self.ctx.extraction.claims:
            if (
                c.property == "commander"
                and c.subject.name == subject.name
                and isinstance(c.value, EntityRef)
                and normalize_name(c.value.name) == normalize_name(person.name)
            ):
                return c
        return None


def _time_qualifiers(when: Time | Period | None) -> dict[str, Time]:
    """A time as qualifiers; "since 2017" is a start, not a point in time."""
    if isinstance(when, Period) and when.start and not when.end:
        return {"start": when.start}
    return period_qualifiers(when)


def _finer(a: Time, b: Time) -> bool:
    order = {"year": 0, "month": 1, "day": 2}
    return order[a.precision] > order[b.precision]
