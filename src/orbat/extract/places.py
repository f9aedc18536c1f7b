"""Place lists: `3002 Damascus, Syria (main HQ), With elements in: Aleppo Governorate, …`.

A country right after a place is that place's country, not a second place;
stray numbers (wikitext left-overs such as map sizes) are not part of names; a
phrase like "with elements in:" turns the rest of the list into areas of operation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orbat.parse.textmap import MappedText
from orbat.resolve.countries import country_name

from .lists import strip_parenthetical

_STRAY_NUMBER = re.compile(r"^\d+(?:px)?\s+(?=\D)")
_AREA_MARKER = re.compile(
    r"^(?:with\s+)?(?:elements|units|presence|branches|detachments|operations|offices|bases)"
    r"(?:\s+\w+)?\s+in\b\s*:?\s*|^(?:also|other(?:s)?|operat\w+ in)\s*:?\s*",
    re.IGNORECASE,
)
_NOT_A_PLACE = re.compile(r"^(?:various|several|unknown|none|n/?a|multiple|see\b)", re.I)


@dataclass(frozen=True, slots=True)
class PlaceItem:
    name: MappedText
    span: MappedText  # the whole item, country and note included
    country: str | None = None
    note: str | None = None
    is_area: bool = False  # after an "elements in" marker


def parse_places(items: list[MappedText]) -> list[PlaceItem]:
    out: list[PlaceItem] = []
    area_mode = False
    for item in items:
        m = _AREA_MARKER.match(item.text)
        if m:
            area_mode = True
            item = item.slice(m.end()).strip()
            if not item.text:
                continue
        name, note = strip_parenthetical(item)
        name = name.strip(" :;.")
        sm = _STRAY_NUMBER.match(name.text)
        if sm:
            name = name.slice(sm.end())
        if not name.text or _NOT_A_PLACE.match(name.text) or not re.search(r"[^\W\d_]", name.text):
            continue
        country = country_name(name.text)
        if country and out and out[-1].country is None and out[-1].is_area == area_mode:
            prev = out[-1]
            out[-1] = PlaceItem(
                prev.name,
                _cover(prev.span, item),
                country,
                (note.text if note else prev.note),
                prev.is_area,
            )
            continue
        out.append(PlaceItem(name, item, None, note.text if note else None, area_mode))
    return out


def _cover(first: MappedText, last: MappedText) -> MappedText:
    """A text whose source span runs from the start of `first` to the end of `last`."""
    start = first.source_span()[0]
    end = last.source_span()[1]
    return MappedText.generated(first.text + " … " + last.text, start, end)
