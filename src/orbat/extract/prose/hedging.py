"""Negation and hedging: what a sentence denies yields nothing; what it reports stays marked.

A denied statement ("Iran denied training the group", "there is no evidence
that …") is not evidence for the claim, so no claim is made. A reported or
alleged one ("reportedly", "was accused of", "according to …") is kept, with
a `hedged` qualifier naming the cue, so that a reader can weigh it.
"""

from __future__ import annotations

from .clauses import clause_start
from .document import Sentence

_NEGATION_WORDS = frozenset(
    [
        "not",
        "never",
        "no",
        "n't",
        "denied",
        "denies",
        "deny",
        "denying",
        "refuted",
        "refutes",
        "rejected",
        "rejects",
        "dismissed",
        "dismisses",
        "neither",
        "nor",
        "false",
        "unfounded",
        "baseless",
        "untrue",
    ]
)
# Cues that void the whole sentence wherever they stand.
_SENTENCE_NEGATION = frozenset(
    ["denied", "denies", "deny", "denying", "refuted", "refutes", "untrue", "unfounded", "baseless"]
)
_REJECTING = frozenset(
    ["rejected", "rejects", "rejecting", "dismissed", "dismisses", "disputed", "disputes"]
)
_CLAIM_NOUNS = frozenset(
    [
        "claim",
        "claims",
        "allegation",
        "allegations",
        "accusation",
        "accusations",
        "report",
        "reports",
        "charge",
        "charges",
        "suggestion",
        "suggestions",
    ]
)


def _rejects_claim(s: Sentence, i: int) -> bool:
    """ "… but Caracas has always rejected the claim": the sentence's statement is contested."""
    lower = s.tokens.lower
    return any(lower[j] in _CLAIM_NOUNS for j in range(i + 1, min(s.end, i + 4)))


_HEDGES = (
    ("reportedly", "reportedly"),
    ("allegedly", "allegedly"),
    ("alleged", "alleged"),
    ("accused", "accused"),
    ("accusations", "accused"),
    ("allegations", "alleged"),
    ("reported", "reported"),
    ("reports", "reported"),
    ("claimed", "claimed"),
    ("claims", "claimed"),
    ("suspected", "suspected"),
    ("blamed", "blamed"),
    ("implicated", "implicated"),
    ("linked", "linked"),
    ("rumoured", "rumoured"),
    ("rumored", "rumoured"),
    ("believed", "believed"),
    ("purportedly", "purportedly"),
    ("apparently", "apparently"),
    ("possibly", "possibly"),
    ("likely", "likely"),
    ("may", "may"),
    ("might", "might"),
    ("according", "according to"),
    ("stated", "stated"),
    ("said", "said"),
)
_HEDGE_OF = dict(_HEDGES)


def negated(s: Sentence, lo: int, hi: int) -> bool:
    """Whether the statement in tokens [lo, hi) is denied or negated.

    Negation words count from the start of the clause holding token `lo` to the
    end of the evidence (`hi`); a denial anywhere in the sentence voids it, as does
    "no evidence" or "no proof" before the evidence.
    """
    # the token table's plain lists, not Doc indexing: this runs for every candidate claim
    lower = s.tokens.lower
    for i in range(s.start, s.end):
        low = lower[i]
        if low in _SENTENCE_NEGATION:
            return True
        if low in _REJECTING and _rejects_claim(s, i):
            return True
        if (
            low == "no"
            and i < hi
            and i + 1 < s.end
            and lower[i + 1] in ("evidence", "proof", "sign")
        ):
            return True
    first = clause_start(s, lo)[0] if lo > s.start else s.start
    for i in range(max(first, s.start), min(hi, s.end)):
        low = lower[i]
        if low in _NEGATION_WORDS:
            if low == "no" and i + 1 < s.end and lower[i + 1] in ("longer",):
                return True
            if low == "not" and i + 1 < s.end and lower[i + 1] in ("only",):
                continue
            return True
    return False


# Cues that qualify the whole sentence wherever they stand ("…, according to officials").
_ANYWHERE = frozenset(["according", "reportedly", "allegedly", "purportedly"])


def hedge(s: Sentence, hi: int) -> str | None:
    """The first hedging cue in the sentence before token `hi`, as a word."""
    # the token table's plain lists, not Doc indexing: this runs for every claim
    tokens = s.tokens
    lower = tokens.lower
    for i in range(s.start, s.end):
        low = lower[i]
        if i >= hi and low not in _ANYWHERE:
            continue
        cue = _HEDGE_OF.get(low)
        if cue is None:
            continue
        if low == "according" and not (i + 1 < s.end and lower[i + 1] == "to"):
            continue
        if low in ("said", "stated", "claimed", "reported", "believed"):
            # "was said to", "stated that": a report, not the group's own deed
            nxt = lower[i + 1] if i + 1 < s.end else ""
            if nxt not in ("to", "that", "by"):
                continue
        if low == "may" and tokens.text[i] == "May":
            continue
        return cue
    return None
