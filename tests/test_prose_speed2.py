"""The shortcuts in value scanning and clause walking find exactly what the plain way finds.

`find_times` and `find_quantities` start each regex search a few words before
the next digit (or month name) and stop when none is left; clause and hedging
scans read the paragraph's token table instead of the Doc. Each is checked
here against the straightforward version.
"""

from __future__ import annotations

import random

from orbat.extract.prose.clauses import _verbish_at, verbish
from orbat.extract.prose.mentions import tokens_of
from orbat.extract.prose.sentences import parse
from orbat.values import dates, quantities
from orbat.values.types import Period, Quantity, Time

_PREFIXES = [
    "since", "from", "until", "between", "as of", "as  of", "in", "on", "by", "during",
    "circa", "c.", "ca.", "c", "approx.", "approximately", "around", "roughly", "~", "≈",
    "early", "mid-", "late", "an estimated", "estimated", "est.", "some", "nearly",
    "more than", "in excess of", "no more than", "up to", "as many as", "<", ">", "≥",
    "at least", "ſome", "ſince", "Sept.", "May", "may", "June", "mar", "Omar",
]  # fmt: skip
_CORES = [
    "1990", "2015–16", "1 November 2012", "June 2013", "5,000", "10,000–20,000", "2,000+",
    "50,000 (2023)", "1000–2000 fighters", "2013-06", "April–May 2018", "2013–present",
    "3", "12", "1.5 million", "20–30,000", "2000 troops", "August", "5 March",
    "March 5, 2014",
]  # fmt: skip
_GLUE = [" ", "  ", "\t", "\n", "", "-", ", ", " the ", " x "]


def _plain_times(text: str) -> list[tuple[Time | Period, int, int]]:
    """`find_times` as a search from every position, without the anchor shortcut."""
    out: list[tuple[Time | Period, int, int]] = []
    pos = 0
    while pos < len(text):
        m = dates._SCAN_RE.search(text, pos)
        if m is None:
            break
        hit = dates._interpret(m, text)
        if hit is None:
            pos = m.start() + 1
            continue
        out.append(hit)
        pos = hit[2]
    return out


def _plain_quantities(text: str) -> list[tuple[Quantity, int, int]]:
    """`find_quantities` as a search from every position, without the digit shortcut."""
    out: list[tuple[Quantity, int, int]] = []
    pos = 0
    while pos < len(text):
        m = quantities._QTY_RE.search(text, pos)
        if m is None:
            break
        hit = quantities._interpret(m, text)
        if hit is None:
            pos = m.end("left")
            continue
        out.append(hit)
        pos = hit[2]
    return out


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = _PREFIXES + _CORES + ["word", "The group", "(", ")", ",", "."]
    texts = []
    for _ in range(n):
        texts.append(
            "".join(rng.choice(words) + rng.choice(_GLUE) for _ in range(rng.randint(1, 8)))
        )
    return texts


def test_value_scans_match_plain_search() -> None:
    texts = _random_texts(3000, seed=11)
    texts += [
        "The militia, which had " * 20 + "as of c. early-2015 about 5,000 fighters.",
        "It grew to an estimated no more than 12,000 men by mid-2019, " * 5,
        "Since ſome 2,000 joined in Sept. 2014 it was active.",
    ]
    found = 0
    for text in texts:
        times = dates.find_times(text)
        counts = quantities.find_quantities(text)
        assert times == _plain_times(text), text
        assert counts == _plain_quantities(text), text
        found += bool(times) + bool(counts)
    assert found > 1000  # the cases do exercise the matches


def test_verbish_from_token_table() -> None:
    text = (
        "The brigade, reportedly formed in 2014 and later Renamed, was not disbanded; "
        "its fighters Were training, and Iran denied having armed them (allegedly)."
    )
    doc = parse(text)
    tokens = tokens_of(doc)
    assert [_verbish_at(tokens, k) for k in range(len(doc))] == [verbish(t) for t in doc]
