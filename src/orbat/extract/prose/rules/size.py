"""Strength: how many fighters a group had, and when.

A number is a strength only in a construction that says so:

- predicative "-strong": "the force was reported to be 60,000-strong";
- attributive "-strong" before the group itself: "the 3,000-strong NDF";
- growth: "grew to 100,000", "swelled to", "reached", "peaked at";
- counting verbs: "numbered 5,000", "had 2,000 fighters", "fielded 800 men";
- estimates: "its strength was estimated at 20,000", "a strength of 7,000".

Anything else is not a size: "200 civilian deaths", "2 weeks", and "a
500-strong women's wing", which is the wing's strength (see subunits).
The time is the one nearest the number in its clause ("as of June 2013",
"by August"), else the time fronting the sentence.
"""

from __future__ import annotations

from dataclasses import replace

from orbat.values.types import Period, Time

from ..clauses import agent_before, clause_start
from ..document import QuantityHit, Sentence
from ..engine import Emitter
from ..lexicon import NOT_STRENGTH, PERSONNEL_NOUNS, STRENGTH_NOUNS
from ..mentions import ANAPHOR, Mention
from .common import fronted_times, its_subject

_GROWTH = frozenset(
    [
        "grew",
        "grow",
        "grows",
        "growing",
        "rose",
        "rise",
        "rises",
        "risen",
        "increased",
        "increase",
        "increases",
        "expanded",
        "expand",
        "expands",
        "swelled",
        "swell",
        "swells",
        "swollen",
        "reached",
        "reach",
        "reaches",
        "ballooned",
        "climbed",
        "climb",
        "fell",
        "fall",
        "falls",
        "dropped",
        "drop",
        "drops",
        "declined",
        "decline",
        "declines",
        "shrank",
        "shrunk",
        "decreased",
        "peaked",
        "dwindled",
        "rising",
        "growing",
        "increasing",
        "expanding",
        "swelling",
        "reaching",
        "climbing",
        "falling",
        "dropping",
        "declining",
        "shrinking",
        "decreasing",
        "peaking",
        "dwindling",
    ]
)
_COUNTING = frozenset(
    [
        "numbered",
        "numbers",
        "counted",
        "counts",
        "totalled",
        "totaled",
        "totals",
        "mustered",
    ]
)
_HAVING = frozenset(
    [
        "had",
        "has",
        "have",
        "having",
        "included",
        "includes",
        "include",
        "comprised",
        "comprises",
        "comprise",
        "fielded",
        "fields",
        "field",
        "boasted",
        "boasts",
        "claimed",
        "claims",
        "commanded",
        "commands",
        "consisted",
        "consists",
        "employed",
        "employs",
        "mobilized",
        "mobilised",
        "deployed",
        "deploys",
        "gathered",
    ]
)
_ESTIMATING = frozenset(["estimated", "put", "placed", "assessed", "reckoned", "calculated"])
_GENERIC_UNITS = frozenset(
    [
        "unit",
        "force",
        "group",
        "militia",
        "organization",
        "organisation",
        "battalion",
        "brigade",
        "regiment",
        "movement",
        "army",
        "corps",
        "formation",
        "contingent",
    ]
)
_NOT_SUBJECT = frozenset(["the", "a", "an", "is", "was", "are", "were", "of", "in", "at", "by"])
_REMAINED = frozenset(["remained", "remain", "remains", "were", "are"])
_NAMING = frozenset(["called", "named", "known", "dubbed", "of"])
_PREDICATE_FOLLOWERS = frozenset(
    [
        "as",
        "in",
        "by",
        "and",
        "at",
        "since",
        "until",
        "during",
        "before",
        "after",
        "with",
        "when",
        "",
        ",",
        ".",
        ";",
        ")",
        "according",
        "following",
    ]
)


def run(s: Sentence, em: Emitter) -> None:
    for n, q in enumerate(s.quantities):
        if any(t.start < q.end and q.start < t.end for t in s.times):
            continue
        found = _reading(s, q)
        if found is None:
            continue
        verb, rule, confidence = found
        if rule in ("the_n_strong_unit", "n_fighters_remained"):
            own = _definite_description(s, verb, em)
        elif rule == "strength_put_at":
            own = _strength_owner(s, verb)
        else:
            agent = agent_before(s, verb)
            own = agent.own if agent is not None else None
            if agent is not None and agent.inherited:
                confidence *= 0.9
        if own is None:
            continue
        when = _time(s, n, q)
        value = replace(q.value, when=None)
        qi, qe = _tokens(s, q)
        em.claim(s, own.ref, "size", value, rule, confidence, lo=verb, hi=qe, when=when)


def _strength_owner(s: Sentence, k: int) -> Mention | None:
    """Whose strength token k names: "the group's strength", "its strength", "the strength of X"."""
    doc = s.doc
    j = k - 1
    if j >= s.start and doc[j].lower_ == "'s":
        m = s.mention_at(j - 1)
        return m if m is not None and m.about_subject else None
    if j >= s.start and doc[j].lower_ in ("its", "their"):
        # "The Group of Experts estimated its strength": not the estimator's own
        estimator = agent_before(s, j)
        return its_subject(s, j, estimator.mentions if estimator is not None else ())
    if k + 1 < s.end and doc[k + 1].lower_ == "of":
        m = s.mention_starting(k + 2) or s.mention_starting(k + 3)
        return m if m is not None and m.about_subject else None
    return None


def _definite_description(s: Sentence, qi: int, em: Emitter) -> Mention | None:
    """ "The 800-strong unit was armed …": the unit is the subject when no other group is named."""
    for m in s.mentions:
        if m.start >= qi:
            break
        if not m.about_subject and m.label not in ("PLACE", "PERSON"):
            return None
    return Mention(qi, qi + 1, em.subject, ANAPHOR, True)


def _tokens(s: Sentence, q: QuantityHit) -> tuple[int, int]:
    qi = s.token_at_char(q.start)
    qe = qi
    while qe < s.end and s.doc[qe].idx < q.end:
        qe += 1
    return qi, qe


def _reading(s: Sentence, q: QuantityHit) -> tuple[int, str, float] | None:
    """(the token the clause's verb sits at, rule name, confidence) or None."""
    doc = s.doc
    qi, qe = _tokens(s, q)
    text = s.source[q.start : q.end].lower()
    nxt = doc[qe].lower_ if qe < s.end else ""
    nxt2 = doc[qe + 1].lower_ if qe + 1 < s.end else ""
    if nxt in NOT_STRENGTH or nxt2 in NOT_STRENGTH and nxt not in PERSONNEL_NOUNS:
        return None
    before = _skip_back(s, qi)
    prev = doc[before].lower_ if before >= s.start else ""
    if text.endswith("strong"):
        if qe >= s.end or nxt in _PREDICATE_FOLLOWERS or doc[qe].is_punct:
            return qi, "n_strong", 0.85
        m = s.mention_starting(qe) or (s.mention_starting(qe + 1) if nxt == "the" else None)
        if m is not None and m.about_subject:
            return qi, "n_strong_before_name", 0.85
        if prev == "the" and nxt in _GENERIC_UNITS and nxt2 not in _NAMING:
            return qi, "the_n_strong_unit", 0.7
        return None
    if prev == "to":
        # "grew to 100,000", "grew from a few dozen volunteers in 2011 to roughly 1,500"
        for k in range(before - 1, max(s.start - 1, before - 12), -1):
            if doc[k].lower_ in _GROWTH:
                return k, "grew_to", 0.8
            if doc[k].text in (",", ";") or doc[k].lower_ in ("and", "which", "while"):
                break
    if prev == "at" and before - 1 >= s.start:
        word = doc[before - 1].lower_
        if word in _ESTIMATING or word in ("peaked", "stood", "stands"):
            return before - 1, "estimated_at", 0.75
        if word in STRENGTH_NOUNS:
            return before - 1, "strength_put_at", 0.75  # "put the group's strength at 1,200"
    if nxt in PERSONNEL_NOUNS and nxt2 in _REMAINED:
        return qi, "n_fighters_remained", 0.6
    if prev in ("reached", "reach", "reaches") and (nxt in PERSONNEL_NOUNS or not nxt.isalpha()):
        return before, "reached", 0.75
    if prev in _COUNTING and not (
        before - 1 >= s.start
        and (doc[before - 1].lower_ in _NOT_SUBJECT or doc[before - 1].is_punct)
    ):
        return before, "numbered", 0.8
    if prev in _HAVING and nxt in PERSONNEL_NOUNS:
        return before, "had_n_fighters", 0.75
    if prev == "of" and before - 1 >= s.start and doc[before - 1].lower_ in STRENGTH_NOUNS:
        k = before - 2
        while k >= s.start and doc[k].lower_ in (
            "a",
            "an",
            "the",
            "total",
            "estimated",
            "combined",
        ):
            k -= 1
        if k >= s.start and doc[k].lower_ in _HAVING | {"with"}:
            return k, "strength_of", 0.75
        return None
    return None


def _skip_back(s: Sentence, qi: int) -> int:
    """The word before a number; hedges ("about", "up to") are already inside the number's span."""
    return qi - 1


def _time(s: Sentence, n: int, q: QuantityHit) -> Time | Period | None:
    """The time a number is given for: nearest after it in its clause, else before, else fronted."""
    qi, _ = _tokens(s, q)
    b, _, _ = clause_start(s, qi)
    clause_lo = s.doc[b].idx
    nxt_q = s.quantities[n + 1].start if n + 1 < len(s.quantities) else s.span.end_char
    prev_q = s.quantities[n - 1].end if n > 0 else s.span.start_char
    after = [t for t in s.times if q.end <= t.lead and t.start < nxt_q]
    if after and not _clause_break(s, q.end, after[0].lead):
        return after[0].value
    before = [t for t in s.times if max(prev_q, clause_lo) <= t.lead and t.end <= q.start]
    if before:
        return before[-1].value
    if q.value.when is not None:
        return q.value.when
    front = fronted_times(s)
    return front[0].value if front else None


def _clause_break(s: Sentence, a: int, b: int) -> bool:
    """Whether a semicolon or a new clause separates two character offsets."""
    text = s.source[a:b]
    return ";" in text or " which " in text or " while " in text or " but " in text
