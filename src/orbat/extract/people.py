"""People as infoboxes write them: `Brig. Gen. Hawash Mohammed (2015–2018) †`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from orbat.parse.textmap import MappedText
from orbat.values import Period, parse_period
from orbat.values.types import Time

_RANK_WORD = (
    r"(?:Field|Grand|Air|Vice|Rear|Staff|Lieutenant|Lt\.?|Lieut\.?|Major|Maj\.?|Brigadier|Brig\.?|"
    r"Colonel|Col\.?|First|Second|Chief|Sergeant|Sgt\.?|Senior|Master|General|Gen\.?|Marshal|"
    r"Mshl\.?|Captain|Capt\.?|Cpt\.?|Admiral|Adm\.?|Commodore|Corporal|Cpl\.?|Private|Pvt\.?|"
    r"Warrant|Officer|Ensign|Commandant)"
)
_HEAD = (
    r"(?:General|Gen\.?|Marshal|Colonel|Col\.?|Major|Maj\.?|Brigadier|Brig\.?|Captain|Capt\.?|"
    r"Cpt\.?|Admiral|Adm\.?|Lieutenant|Lt\.?|Sergeant|Sgt\.?|Commodore|Corporal|Cpl\.?|Private|"
    r"Pvt\.?|Commandant)"
)
RANK = re.compile(
    rf"^(?P<rank>(?:{_RANK_WORD}[\s-]+)*{_HEAD}(?:[\s-]+{_RANK_WORD})*)(?=\s+\S)",
)
_KIA = re.compile(r"\s*(?:†|\(\s*(?:KIA|killed in action|k\.i\.a\.?)\s*\)|\bKIA\b)\s*", re.I)
_PAREN = re.compile(r"\(([^()]*)\)\s*$")
_NAME = re.compile(r"^[^\W\d_][\w.'’ʿ\- ]*[\w.]$")


@dataclass(frozen=True, slots=True)
class Person:
    name: MappedText
    rank: str | None = None
    period: Period | None = None
    note: str | None = None
    killed_in_action: bool = False


def parse_person(text: MappedText) -> Person | None:
    """Read rank, name, a period in brackets and a KIA mark; None if it is no name."""
    kia = bool(_KIA.search(text.text))
    if kia:
        m = _KIA.search(text.text)
        assert m is not None
        text = text.slice(0, m.start()) if m.start() > 0 else text.slice(m.end())
        text = text.strip()
    period = None
    note = None
    m = _PAREN.search(text.text)
    if m:
        inner = m.group(1).strip()
        parsed = parse_period(inner)
        if parsed is not None:
            period = parsed
        elif inner:
            note = inner
        text = text.slice(0, m.start()).strip()
    rank = None
    rm = RANK.match(text.text)
    if rm:
        rank = rm.group("rank")
        text = text.slice(rm.end()).strip()
    text = text.strip(" ,;:")
    if not _NAME.match(text.text) or len(text.text) > 80 or len(text.text.split()) > 7:
        return None
    return Person(text, rank, period, note, kia)


def period_bounds(period: Period | None) -> dict[str, Time]:
    if period is None:
        return {}
    out: dict[str, Time] = {}
    if period.start:
        out["start"] = period.start
    if period.end:
        out["end"] = period.end
    return out
