"""The rule engine: trigger phrases as spaCy token patterns, and the claim emitter.

Triggers are written in a small notation that compiles to `Matcher` patterns,
so that a rule reads like the phrase it looks for:

    "receive~ *3 training *6 from|by"

- `a|b` — any of these words (case-insensitive);
- `verb~` — every inflection of a verb (receive, receives, received, receiving);
- `x?` — an optional word;
- `*N` — up to N words of anything except punctuation.

Each trigger's patterns go into a Matcher of their own, built once per process.
Most words a pattern requires are rare, so a paragraph is matched only against
the triggers whose required words all occur in it: the others cannot match, and
skipping them saves nearly all of the matching (spaCy tries every pattern at
every token). spaCy keeps only the longest of overlapping matches per trigger,
never across triggers, so matching triggers apart finds exactly the same spans.
A trigger is matched, too, only over the stretches around its required words
that a match could reach: the Matcher's cost grows with every token it is given.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.attrs import LOWER
from spacy.matcher import Matcher
from spacy.strings import get_string_id
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


@dataclass(frozen=True)
class _Trigger:
    """One trigger's Matcher, and the words without which none of its patterns can match."""

    name: str
    matcher: Matcher
    # per pattern: the word sets (LOWER hashes) it needs one word of, each somewhere in the text
    needs: tuple[tuple[frozenset[int], ...], ...]
    # words of which every match holds one (each pattern's first need), and the most
    # tokens a match spans; None where a pattern needs no word or has no longest match
    anchors: frozenset[int] | None = None
    reach: int = 0

    def may_match(self, words: set[int]) -> bool:
        """Whether some pattern finds all the words it needs among a text's words."""
        return any(all(not need.isdisjoint(words) for need in p) for p in self.needs)

    def windows(self, at: dict[int, list[int]], n: int) -> list[tuple[int, int]]:
        """The stretches of a text of n tokens that hold every match there may be.

        `at` gives the positions of each word. A match holds an anchor word at
        some position p and spans at most `reach` tokens, so it lies within
        [p - reach + 1, p + reach). Overlapping windows are merged; matches in
        windows apart cannot overlap, so keeping the longest of overlapping
        matches (greedy="LONGEST") chooses within each window as over the text.
        """
        if self.anchors is None:
            return [(0, n)]
        positions = sorted(p for w in self.anchors & at.keys() for p in at[w])
        out: list[tuple[int, int]] = []
        for p in positions:
            lo, hi = max(0, p - self.reach + 1), min(n, p + self.reach)
            if out and lo < out[-1][1]:
                out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
        return out


def _needed_words(pattern: list[dict[str, Any]]) -> tuple[frozenset[int], ...]:
    """For each token a match must contain, the LOWER hashes that token may have.

    A token that is optional or constrained otherwise than by its LOWER
    attribute needs nothing, so a pattern never needs more than it matches.
    """
    out: list[frozenset[int]] = []
    for token in pattern:
        if set(token) != {"LOWER"}:
            continue
        value = token["LOWER"]
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words = value["IN"]
        else:
            continue
        out.append(frozenset(get_string_id(w) for w in words))
    return tuple(out)


def _longest(pattern: list[dict[str, Any]]) -> int | None:
    """The most tokens a match of the pattern can span; None if unbounded or unknown."""
    total = 0
    for token in pattern:
        op = token.get("OP")
        if op is None or op == "?":
            total += 1
        elif m := re.fullmatch(r"\{(?:\d*,)?(\d+)\}", op):
            total += int(m.group(1))
        else:
            return None
    return total


def _anchors(
    patterns: list[list[dict[str, Any]]], needs: tuple[tuple[frozenset[int], ...], ...]
) -> tuple[frozenset[int] | None, int]:
    """A trigger's anchor words and reach (see _Trigger); (None, 0) when it has none."""
    reach = 0
    for pattern, need in zip(patterns, needs, strict=True):
        longest = _longest(pattern)
        if not need or longest is None:
            return None, 0
        reach = max(reach, longest)
    return frozenset(w for need in needs for w in need[0]), reach


@dataclass(frozen=True)
class _Triggers:
    """All triggers, indexed by a word each of their patterns needs (its first need)."""

    triggers: tuple[_Trigger, ...]
    by_word: dict[int, frozenset[int]]  # LOWER hash → indices of triggers it may fire
    always: frozenset[int]  # triggers with a pattern that needs no word

    def candidates(self, words: set[int]) -> list[_Trigger]:
        """The triggers that may match a text with these words, in declaration order.

        A pattern whose needs are all met has its first need met, so every
        trigger that may match is among those its first needs index.
        """
        found = set(self.always)
        for w in words & self.by_word.keys():
            found |= self.by_word[w]
        return [self.triggers[i] for i in sorted(found) if self.triggers[i].may_match(words)]


@lru_cache(maxsize=1)
def _triggers() -> _Triggers:
    from .sentences import nlp

    triggers: list[_Trigger] = []
    by_word: dict[int, set[int]] = defaultdict(set)
    always: set[int] = set()
    for name, texts in _TRIGGERS.items():
        patterns = [compile_pattern(t) for t in texts]
        m = Matcher(nlp().vocab)
        m.add(name, patterns, greedy="LONGEST")
        needs = tuple(_needed_words(p) for p in patterns)
        anchors, reach = _anchors(patterns, needs)
        for need in needs:
            if not need:
                always.add(len(triggers))
                continue
            for w in need[0]:
                by_word[w].add(len(triggers))
        triggers.append(_Trigger(name, m, needs, anchors, reach))
    index = {w: frozenset(ts) for w, ts in by_word.items()}
    return _Triggers(tuple(triggers), index, frozenset(always))


def find_triggers(doc: Doc) -> dict[str, list[tuple[int, int]]]:
    """Every trigger's matches in a paragraph, as sorted token spans."""
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lowers = doc.to_array(LOWER).tolist()
    at: dict[int, list[int]] = defaultdict(list)
    for i, w in enumerate(lowers):
        at[w].append(i)
    n = len(lowers)
    for t in _triggers().candidates(set(at)):
        for lo, hi in t.windows(at, n):
            # the Matcher walks every token it is given, in Python: give it few
            for _, start, end in t.matcher(doc if lo == 0 and hi == n else doc[lo:hi]):
                out[t.name].append((lo + start, lo + end))
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

    def found(self, s: Sentence) -> dict[str, list[tuple[int, int]]]:
        """Every trigger matched in the sentence's paragraph, by name: a cheap first test."""
        return self.triggers.get(id(s.doc), {})

    def matches(self, s: Sentence, name: str) -> list[tuple[int, int]]:
        found = self.triggers.get(id(s.doc), {}).get(name)
        if not found:  # most sentences meet few triggers: spare the filtering
            return []
        start, end = s.start, s.end
        return [(a, b) for a, b in found if start <= a and b <= end]

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
