"""Engagement trees: `War:, * Campaign, ** Battle (July–August 2015), *** …`.

Depth comes from the stars (with or without a space after them); an item is
`part_of` the nearest shallower item above it. A battle's name often carries
its time, which becomes its `start`/`end`; an ordinal ("4th … offensive") does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from orbat.parse.textmap import MappedText
from orbat.values import Period, parse_period

from .lists import strip_parenthetical

_STARS = re.compile(r"^(\*+|#+)\s*")
_LEADING_TIME = re.compile(r"^(\d{4}(?:\s*[–—-]\s*(?:\d{4}|\d{2}))?)\s+(?=\D)")


@dataclass(frozen=True, slots=True)
class Engagement:
    name: MappedText
    depth: int
    parent: int | None  # index of the parent engagement in the list
    period: Period | None


def parse_tree(items: list[MappedText]) -> list[Engagement]:
    out: list[Engagement] = []
    stack: list[int] = []  # indices of open ancestors
    for item in items:
        m = _STARS.match(item.text)
        depth = len(m.group(1)) if m else 0
        name = item.slice(m.end()) if m else item
        name = name.strip(" :;,")
        if not name.text or not re.search(r"[^\W\d_]", name.text):
            continue
        while stack and out[stack[-1]].depth >= depth:
            stack.pop()
        parent = stack[-1] if stack else None
        out.append(Engagement(name, depth, parent, name_period(name.text)))
        stack.append(len(out) - 1)
    return out


def name_period(name: str) -> Period | None:
    """The time a name carries: `Palmyra offensive (May 2015)`, `2015–16 Latakia offensive`."""
    _, inner = strip_parenthetical(MappedText(name))
    if inner is not None:
        period = parse_period(inner.text)
        if period is not None:
            return period
    m = _LEADING_TIME.match(name)
    if m:
        return parse_period(m.group(1))
    return None


def bounds(period: Period | None) -> Iterator[tuple[str, object]]:
    """`start`/`end` of a named period; a single time is both (a battle within that year)."""
    if period is None:
        return
    if period.start:
        yield "start", period.start
    if period.end:
        yield "end", period.end
    elif period.start and not period.ongoing:
        yield "end", period.start
