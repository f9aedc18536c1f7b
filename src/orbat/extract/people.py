"""People as infoboxes write them: `Brig. Gen. Hawash Mohammed (2015–2018) †`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from orbat.parse.textmap import MappedText
from orbat.values import Period, find_times, parse_period
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
# Not infobox._STATUS_MARK, which cuts "(WIA)", "(POW)", "(executed)" from battle names too:
# here only killed-in-action sets `killed_in_action`, written bare or spelt out as well.
_KIA = re.compile(r"\s*(?:†|\(\s*(?:KIA|killed in action|k\.i\.a\.?)\s*\)|\bKIA\b)\s*", re.I)
_PAREN = re.compile(r"\(([^()]*)\)\s*$")
_NAME = re.compile(r"^[^\W\d_][\w.,'’‘ʿʾʻ\- ]*[\w.]$")
# Civil and religious titles written before a name: not part of it, not a military rank.
_TITLE = re.compile(
    r"^(?P<title>(?:Vice[- ])?President|Prime Minister|King|Queen|Prince|Crown Prince|Sheikh|"
    r"Shaykh|Sheik|Emir|Sultan|(?:Grand )?Ayatollah|Mullah|Mulla|Imam|Caliph|Dr\.?)\s+(?=\S)"
)


@dataclass(frozen=True, slots=True)
class Person:
    name: MappedText
    rank: str | None = None
    period: Period | None = None
    note: str | None = None
    killed_in_action: bool = False


def parse_person(text: MappedText) -> Person | None:
    """Read rank, name, periods and remarks in brackets and a KIA mark; None if it is no name."""
    kia = False
    while m := _KIA.search(text.text):
        kia = True
        if m.start() > 0:
            text = MappedText.concat([text.slice(0, m.start()), text.slice(m.end())]).strip()
        else:
            text = text.slice(m.end()).strip()
    period = None
    notes: list[str] = []
    while m := _PAREN.search(text.text):
        inner = m.group(1).strip()
        if inner:
            parsed, rest = parse_period(inner), ""
            if parsed is None:
                parsed, rest = _period_in(inner)
            if parsed is not None and period is None:
                period = parsed
                if rest:
                    notes.insert(0, rest)
            else:
                notes.insert(0, inner)
        text = text.slice(0, m.start()).strip()
    note = "; ".join(notes) or None
    rank = None
    rm = RANK.match(text.text)
    if rm:
        rank = rm.group("rank")
        text = text.slice(rm.end()).strip()
    else:
        tm = _TITLE.match(text.text)
        if tm:
            rank = tm.group("title")
            text = text.slice(tm.end()).strip()
    text = text.strip(" ,;:")
    if not _NAME.match(text.text) or len(text.text) > 80 or len(text.text.split()) > 7:
        return None
    return Person(text, rank, period, note, kia)


def _period_in(remark: str) -> tuple[Period | None, str]:
    """`Top Commander July 2012–November 2013` → the period, and `Top Commander`."""
    found = [(t, s, e) for t, s, e in find_times(remark) if isinstance(t, Period)]
    if len(found) != 1:
        return None, remark
    period, s, e = found[0]
    rest = (remark[:s] + " " + remark[e:]).strip(" ,;:-–")
    return period, " ".join(rest.split())


def period_bounds(period: Period | None) -> dict[str, Time]:
    if period is None:
        return {}
    out: dict[str, Time] = {}
    if period.start:
        out["start"] = period.start
    if period.end:
        out["end"] = period.end
    return out
