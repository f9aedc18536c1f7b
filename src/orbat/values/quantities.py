"""Counts (of fighters, members, casualties) as articles and infoboxes write them.

Strength figures come with ranges (`10,000–20,000`), bounds (`5,000+`,
`up to 2,000`), hedges (`c.`, `~`) and the year they were given for
(`50,000 (2023)`); all of that is part of the value. A number that is just a
year (`2023`, `(2015)`) is not a count, so it is refused rather than
returned as 2,023 people.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from orbat.values.dates import (
    _COUNT_NOUNS,
    _DASHES,
    _MONTH,
    _clean,
    _prefix_start,
    find_times,
    parse_date,
)
from orbat.values.dates import parse_period as _parse_period
from orbat.values.types import Period, Quantity, Time

__all__ = ["find_quantities", "parse_quantity"]

_NUM = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,])"  # "10 000"
    r"|\d+(?:\.\d+)?"
)
_MULT = r"\s*(?:million|mln|thousand|billion|bn)(?![a-z])|k(?![a-z])"
_LOWER = r"more\s+than|over|at\s+least|above|in\s+excess\s+of|upwards\s+of|greater\s+than"
_UPPER = r"up\s+to|at\s+most|fewer\s+than|less\s+than|under|below|as\s+many\s+as|no\s+more\s+than"
_QTY_RE = re.compile(
    rf"""
    (?<![{_DASHES}\w.,\[/$£€\#:+])
    (?P<approx>(?:circa|c\.|ca\.|approx(?:imately|\.)?|about|around|roughly|some|nearly
                |almost|an\s+estimated|estimated|est\.)\s*|[~≈]\s*)?
    (?:(?P<lower>{_LOWER})\s+|(?P<upper>{_UPPER})\s+|(?P<between>between)\s+
       |(?P<lsym>[>≥])\s*|(?P<usym>[<≤])\s*)?
    (?P<core>
        (?P<left>(?P<n1>{_NUM})(?P<m1>{_MULT})?)
        (?:(?P<sep>\s*(?:[{_DASHES}]|&[nm]dash;)\s*|\s+(?:to|and)\s+)
           (?P<n2>{_NUM})(?P<m2>{_MULT})?)?
        (?P<plus>\s*\+|\s+or\s+more)?
        (?P<strong>[-\s]strong)?
    )
    (?![\w%]|\s*%|[.,:]\d)
    (?:(?:\s+[a-z]+)?(?:\[\d{{1,3}}\])*\s*\((?P<when>[^()]{{1,40}})\))?
    """,
    re.I | re.X,
)
# Every `_QTY_RE` match holds a digit, preceded only by at most five prefix
# words (`an estimated`, `no more than`): the costly search (its optional
# prefixes are tried at every position) starts a few words before the next
# digit, and is skipped once no digit is left.
_DIGIT_RE = re.compile(r"\d")
_YEARLIKE_RE = re.compile(r"(?:1\d{3}|2[01]\d{2})")
_COUNT_NOUN_RE = re.compile(rf"\s+(?:{_COUNT_NOUNS})\b", re.I)
_MONTH_AFTER_RE = re.compile(rf"\s+{_MONTH}", re.I)
_MONTH_BEFORE_RE = re.compile(rf"(?<![a-z]){_MONTH}\s+$", re.I)
_EST_RE = re.compile(r"\b(?:estimated|estimates?|est)\b\.?|\bapprox\b\.?", re.I)
_WHEN_PREFIX_RE = re.compile(r"(?:as\s+of|in|by|since)\s+", re.I)
_MULTIPLIERS = {
    "k": 1_000,
    "thousand": 1_000,
    "million": 1_000_000,
    "mln": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}


def parse_quantity(text: str) -> Quantity | None:
    """Read the first count in a value such as an infobox `size` field.

    Trailing words (`1,500 fighters`) and footnote marks are ignored. The
    time the figure is given for comes from a parenthesis (`50,000 (2023)`,
    `7,000 (2014 est.)`) or, failing that, from a date later in the text
    (`50,000 as of 2023`). `est.` counts as approximate.
    """
    s = _clean(text, strip_brackets=False)
    if not s:
        return None
    for q, _, end in _scan(s):
        if q.when is None and (times := find_times(s[end:])):
            q = replace(q, when=times[0][0])
        return q
    return None


def find_quantities(text: str) -> list[tuple[Quantity, int, int]]:
    """Find every count in prose, with `(start, end)` offsets into `text`.

    The span includes a `(year)` parenthesis that gave the count its
    `when`, so `100,000 (2015), 50,000 (2023)` yields two dated counts.
    Day numbers of dates (`1 November 2012`) and bare years are skipped.
    """
    return list(_scan(text))


def _scan(text: str) -> Iterator[tuple[Quantity, int, int]]:
    pos = 0
    size = len(text)
    search = _QTY_RE.search
    digit = _DIGIT_RE.search
    ascii_text = text.isascii()  # see _prefix_start
    while pos < size:
        found = digit(text, pos)
        if found is None:
            return
        m = search(text, _prefix_start(text, pos, found.start()) if ascii_text else pos)
        if m is None:
            return
        hit = _interpret(m, text)
        if hit is None:
            pos = m.end("left")  # a rejected year may be followed by a real count
            continue
        yield hit
        pos = hit[2]


def _number(digits: str, mult: str | None) -> Decimal:
    value = Decimal(
        digits.replace(",", "")
        .replace(" ", "")
        .replace("\u00a0", "")
        .replace("\u202f", "")
        .replace("\u2009", "")
    )
    if mult is not None:
        value *= _MULTIPLIERS[mult.strip().lower()]
    return value


def _when(content: str) -> tuple[Time | Period | None, bool]:
    """The time in a parenthesis after a count, and whether it marks an estimate."""
    estimate = False
    if _EST_RE.search(content):
        estimate = True
        content = _EST_RE.sub(" ", content)
    content = _WHEN_PREFIX_RE.sub("", content.strip(" ,;:")).strip(" ,;:")
    if not content:
        return None, estimate
    when: Time | Period | None = parse_date(content)
    if when is None:
        when = _parse_period(content)
    return when, estimate


def _interpret(m: re.Match[str], text: str) -> tuple[Quantity, int, int] | None:
    start = m.start()
    if (
        start
        and text[start - 1].isspace()
        and _MONTH_BEFORE_RE.search(text, max(0, start - 12), start)
    ):  # "November 1, 2012"
        return None
    n1, n2 = m["n1"], m["n2"]
    m1, m2 = m["m1"], m["m2"]
    plus, strong = m["plus"], m["strong"]
    core_end = m.end("core")
    if n2 is not None and m["sep"].strip().lower() == "and" and m["between"] is None:
        # "1,000 and 2,000": two counts, not a range
        n2 = m2 = plus = strong = None
        core_end = m.end("left")
    if _MONTH_AFTER_RE.match(text, core_end):  # "1 November", "1–5 June"
        return None
    if (
        not (m1 or m2 or plus or strong)
        and _YEARLIKE_RE.fullmatch(n1)
        and (n2 is None or _YEARLIKE_RE.fullmatch(n2))
        and not _COUNT_NOUN_RE.match(text, core_end)
    ):
        return None  # a year, not a count
    low = _number(n1, m1)
    high: Decimal | None = None
    if n2 is not None:
        if m1 is None and m2 is not None:  # "1–2 million"
            low *= _MULTIPLIERS[m2.strip().lower()]
        high = _number(n2, m2)
        if (  # "20–30,000" is written for 20,000–30,000
            m1 is None
            and m2 is None
            and low < 1000
            and "," in n2
            and "," not in n1
            and "." not in n1
            and high % 1000 == 0
            and low * 1000 <= high
        ):
            low *= 1000
        if low > high:
            return None
    approximate = m["approx"] is not None
    when: Time | Period | None = None
    end = core_end
    if core_end == m.end("core") and m["when"] is not None:
        found, estimate = _when(m["when"])
        if found is not None or estimate:
            when, end = found, m.end()
            approximate = approximate or estimate
    lo = float(low)
    if high is not None:
        q = Quantity(min=lo, max=float(high), approximate=approximate, when=when)
    elif plus or m["lower"] or m["lsym"]:
        q = Quantity(min=lo, approximate=approximate, when=when)
    elif m["upper"] or m["usym"]:
        q = Quantity(max=lo, approximate=approximate, when=when)
    else:
        q = Quantity(amount=lo, approximate=approximate, when=when)
    return q, start, end
