"""Times in context: "by August" after "June 2013" is August 2013.

`find_times` marks a month or day written without a year with `year=0`; the
year comes from the last complete time the text gave before it, read in
document order. A month earlier than that reference month is taken as the
next year, since narratives run forward ("in December 2012 … by March").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from orbat.values import find_times
from orbat.values.types import Period, Time

_PREFIX = re.compile(
    r"(?P<p>as\s+of|by|in|on|since|from|until|till|through|during|before|after|around|"
    r"between|at\s+the\s+(?:end|beginning|start)\s+of|the\s+(?:end|beginning|start)\s+of)"
    r"\s+(?:the\s+)?$",
    re.I,
)


_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_RELATIVE = re.compile(
    r"\b(?P<n>a|one|two|three|four|five|six|seven|\d)\s+years?\s+later\b"
    r"|\b(?:the\s+)?(?P<next>following|next|subsequent)\s+year\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class TimeHit:
    value: Time | Period
    start: int  # character offsets in the paragraph
    end: int
    prefix: str | None  # "as of", "by", "in" … as written before it, lower-cased
    lead: int  # where the expression starts, its preposition included


@dataclass
class Timeline:
    """The running reference time of one document."""

    ref: Time | None = None

    def scan(self, text: str, offset: int) -> list[TimeHit]:
        hits: list[TimeHit] = []
        found = list(find_times(text))
        for m in _RELATIVE.finditer(text):
            if any(s < m.end() and m.start() < e for _, s, e in found):
                continue
            found.append((Time(0, None), m.start(), m.end()))  # resolved below
        found.sort(key=lambda h: h[1])
        for value, s, e in found:
            if isinstance(value, Time) and value.year == 0 and value.month is None:
                m = _RELATIVE.match(text, s)
                if m is None or self.ref is None:
                    continue
                step = 1 if m.group("next") else _NUMBERS.get(m.group("n").lower(), 0)
                if not step and m.group("n").isdigit():
                    step = int(m.group("n"))
                value = Time(self.ref.year + step)
                hits.append(TimeHit(value, offset + s, offset + e, None, offset + s))
                self._advance(value)
                continue
            resolved = self._resolve(value)
            if resolved is None:
                continue
            window = max(0, s - 40)
            m = _PREFIX.search(text[window:s])
            prefix = " ".join(m.group("p").lower().split()) if m else None
            lead = offset + window + m.start() if m else offset + s
            hits.append(TimeHit(resolved, offset + s, offset + e, prefix, lead))
            self._advance(resolved)
        return hits

    def _resolve(self, value: Time | Period) -> Time | Period | None:
        if isinstance(value, Time):
            return self._year(value)
        start = self._year(value.start) if value.start else None
        end = self._year(value.end) if value.end else None
        if (value.start and start is None) or (value.end and end is None):
            return None
        return Period(start, end, value.ongoing)

    def _year(self, t: Time) -> Time | None:
        if t.year:
            return t
        if self.ref is None or t.month is None:
            return None
        year = self.ref.year
        if self.ref.month is not None and t.month < self.ref.month:
            year += 1
        return replace(t, year=year)

    def _advance(self, value: Time | Period) -> None:
        t = value if isinstance(value, Time) else (value.end or value.start)
        if t is not None:
            self.ref = t
