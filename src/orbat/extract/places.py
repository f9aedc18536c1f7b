"""Place lists: `3002 Damascus, Syria (main HQ), With elements in: Aleppo Governorate, …`.

A country right after a place is that place's country, not a second place;
stray numbers (wikitext left-overs such as map sizes) are not part of names; a
phrase like "with elements in:" turns the rest of the list into areas of operation.

Wikitext says more: each `<br>` or `*` line is one place, so within a line of
a headquarters field the commas climb a hierarchy (`Jolo, Sulu, Philippines`
is Jolo), while in an area field they list places (`Idlib, Hama and Latakia`).
A wikilink names the place by its page (`[[Jolo, Sulu|Jolo]]` → `Jolo, Sulu`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from orbat.parse.textmap import MappedText
from orbat.resolve.countries import country_name

from .lists import split_items, strip_parenthetical

_STRAY_NUMBER = re.compile(r"^\d+(?:px)?\s+(?=\D)")
_AREA_MARKER = re.compile(
    r"^(?:with\s+)?(?:elements|units|presence|branches|detachments|operations|offices|bases)"
    r"(?:\s+\w+)?\s+in\b\s*:?\s*|^(?:also|other(?:s)?|operat\w+ in)\s*:?\s*",
    re.IGNORECASE,
)
_NOT_A_PLACE = re.compile(
    r"^(?:various|several|unknown|none|n/?a|multiple|see\b|worldwide|world-wide|global|"
    r"international|online|internet|decentrali[sz]ed|classified|undisclosed)",
    re.I,
)
_HEDGE = re.compile(
    r"^(?:(?:predominantly|mainly|mostly|primarily|chiefly|largely|especially|principally)"
    r"\s+)?(?:in|across|throughout)\s+(?:the\s+)?(?=\S)|^(?:predominantly|mainly|mostly|"
    r"primarily|chiefly|largely|principally)\s+(?:the\s+)?(?=\S)",
    re.I,
)
_AND = re.compile(r",?\s+and\s+")
# Words around a linked place that do not change which place it is.
DIRECTIONS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "upper",
        "lower",
        "greater",
        "parts",
        "part",
        "rural",
    ]
)

Resolver = Callable[[MappedText], str | None]


@dataclass(frozen=True, slots=True)
class PlaceItem:
    name: MappedText
    span: MappedText  # the whole item, country and note included
    country: str | None = None
    note: str | None = None
    is_area: bool = False  # after an "elements in" marker
    canonical: str | None = None  # the page its wikilink names

    @property
    def title(self) -> str:
        return self.canonical or self.name.text


def parse_places(
    items: list[MappedText],
    *,
    hierarchical: bool = False,
    resolve: Resolver | None = None,
    protect: Sequence[tuple[int, int]] = (),
) -> list[PlaceItem]:
    out: list[PlaceItem] = []
    area_mode = False
    group_start = 0  # a country belongs to the first place of its group only
    for item in items:
        m = _AREA_MARKER.match(item.text)
        if m:
            area_mode = True
            group_start = len(out)
            item = item.slice(m.end()).strip()
            if not item.text:
                continue
        if hierarchical:
            out.extend(_line(item, area_mode, resolve, protect))
            continue
        pieces = [(item, False)]
        if protect:  # a wikitext line: "A, B and C, Syria" lists places
            pieces = [
                (p, k > 0)
                for part in split_items(item, ",;", protect)
                for k, p in enumerate(_split_and(part, protect))
            ]
        line_start = len(out)
        for piece, after_and in pieces:
            place = _place(piece, area_mode, resolve)
            if place is None:
                continue
            prev = out[-1] if out else None
            country = country_name(place.title)
            if (
                country
                and not after_and
                and prev is not None
                and (not protect or len(out) > line_start)
                and len(out) - 1 == (line_start if protect else group_start)
                and prev.country is None
                and prev.is_area == area_mode
                and country_name(prev.title) is None
            ):
                out[-1] = PlaceItem(
                    prev.name,
                    _cover(prev.span, piece),
                    country,
                    place.note or prev.note,
                    prev.is_area,
                    prev.canonical,
                )
                continue
            out.append(place)
    return out


def _line(
    item: MappedText, area_mode: bool, resolve: Resolver | None, protect: Sequence[tuple[int, int]]
) -> list[PlaceItem]:
    """One line of a headquarters field: a place, then the places that contain it."""
    core, note = strip_parenthetical(item)
    parts = [p for p in split_items(core, ",;", protect) if re.search(r"[^\W\d_]", p.text)]
    places = [p for p in (_place(part, area_mode, resolve) for part in parts) if p is not None]
    if not places:
        return []
    note_text = note.text if note is not None else None
    countries = [country_name(p.title) for p in places]
    if len(places) > 1 and all(countries):
        return [PlaceItem(p.name, p.span, None, note_text, area_mode, p.canonical) for p in places]
    first = places[0]
    country = next((c for c in countries[1:] if c), None)
    if countries[0]:
        country = None
    return [PlaceItem(first.name, item, country, note_text, area_mode, first.canonical)]


def _place(piece: MappedText, area_mode: bool, resolve: Resolver | None) -> PlaceItem | None:
    name, note = strip_parenthetical(piece)
    name = name.strip(" :;.,")
    sm = _STRAY_NUMBER.match(name.text)
    if sm:
        name = name.slice(sm.end())
    hm = _HEDGE.match(name.text)
    if hm and hm.end() < len(name.text):
        name = name.slice(hm.end())
    if not name.text or _NOT_A_PLACE.match(name.text) or not re.search(r"[^\W\d_]", name.text):
        return None
    canonical = resolve(name) if resolve is not None else None
    return PlaceItem(name, piece, None, note.text if note else None, area_mode, canonical)


def _split_and(piece: MappedText, protect: Sequence[tuple[int, int]]) -> list[MappedText]:
    """`Baghdad and southern Iraq` → two places, unless the `and` is inside a link's label."""
    out: list[MappedText] = []
    start = 0
    for m in _AND.finditer(piece.text):
        at = piece.source_span(m.start(), m.start() + 1)[0]
        if any(lo <= at < hi for lo, hi in protect):
            continue
        if "(" in piece.text[start : m.start()] and ")" not in piece.text[start : m.start()]:
            continue
        out.append(piece.slice(start, m.start()).strip())
        start = m.end()
    out.append(piece.slice(start).strip())
    return [p for p in out if p.text]


def _cover(first: MappedText, last: MappedText) -> MappedText:
    """A text whose source span runs from the start of `first` to the end of `last`."""
    start = first.source_span()[0]
    end = last.source_span()[1]
    return MappedText.generated(first.text + " … " + last.text, start, end)
