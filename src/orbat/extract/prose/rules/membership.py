"""Membership: the religious, ethnic or social make-up of a group's fighters.

"composed mainly of members of the Alawite and Shia sects", "drawn largely
from Kurdish villagers", "its fighters are predominantly Druze", "a mostly
Sunni Arab militia". The values are the capitalised designations themselves;
a named group or a place in that position is not a membership.
"""

from __future__ import annotations

from ..clauses import agent_before
from ..document import Sentence
from ..engine import Emitter, trigger
from ..lexicon import MONTHS, PERSONNEL_NOUNS, UNIT_NOUNS
from ..mentions import ORG, PLACE, SUBJECT, SUBUNIT

COMPOSED = trigger(
    "membership:composed_of",
    "compose~|comprise~|consist~|draw~|recruit~ mainly|mostly|largely|primarily|predominantly|"
    "chiefly|exclusively|entirely|overwhelmingly|heavily? of|from|among",
    "make|makes|made up mainly|mostly|largely|primarily|predominantly|chiefly|exclusively|"
    "entirely|overwhelmingly? of",
)
_MOSTLY = (
    "predominantly|mostly|largely|mainly|overwhelmingly|primarily|chiefly|exclusively|entirely"
)
MOSTLY = trigger(
    "membership:predominantly",
    f"are|were|is|was {_MOSTLY}",
    "are|were|is|was almost entirely|exclusively",
    f"a|an {_MOSTLY}",
    "a|an almost entirely|exclusively",
)
_SKIP = frozenset(
    ["members", "member", "of", "the", "fighters", "men", "people", "from", "among", "volunteers"]
)
_GROUP_NOUNS = frozenset(
    [
        "sect",
        "sects",
        "community",
        "communities",
        "tribe",
        "tribes",
        "minority",
        "minorities",
        "muslims",
        "christians",
        "population",
        "populations",
        "clans",
        "clan",
        "origin",
        "descent",
        "background",
        "backgrounds",
        "faith",
        "religion",
        "villagers",
        "youths",
        "youth",
        "families",
        "tribesmen",
        "clansmen",
        "volunteers",
        "peasants",
        "farmers",
        "refugees",
        "residents",
    ]
)


def run(s: Sentence, em: Emitter) -> None:
    for a, b in em.matches(s, COMPOSED):
        _read(s, em, a, b, "composed_of", 0.8)
    for a, b in em.matches(s, MOSTLY):
        _read(s, em, a, b, "predominantly", 0.7)


def _read(s: Sentence, em: Emitter, a: int, b: int, rule: str, confidence: float) -> None:
    doc = s.doc
    k = b
    steps = 0
    while k < s.end and doc[k].lower_ in _SKIP and steps < 5:
        k += 1
        steps += 1
    values: list[tuple[str, int, int]] = []
    while k < s.end:
        tok = doc[k]
        m = s.mention_at(k)
        if m is not None and m.label in (PLACE, SUBJECT, SUBUNIT, ORG):
            break
        if not tok.text[:1].isupper() or tok.text in MONTHS or not tok.is_alpha:
            break
        j = k + 1
        while j < s.end and doc[j].text[:1].isupper() and doc[j].is_alpha:
            j += 1
        values.append((doc[k:j].text, k, j))
        k = j
        if k < s.end and doc[k].text == ",":
            k += 1
        if k < s.end and doc[k].lower_ in ("and", "or"):
            k += 1
            continue
        if k < s.end and doc[k].text == ",":
            continue
        break
    if not values:
        return
    end = doc[k].lower_ if k < s.end else ""
    after = doc[k + 1].lower_ if k + 1 < s.end else ""
    nouns = PERSONNEL_NOUNS | UNIT_NOUNS | _GROUP_NOUNS
    open_list = end in ("and", "or", "of", "in", "who", "with", "from")
    if (
        end
        and doc[k].is_alpha
        and end not in nouns
        and after not in nouns
        and (rule == "predominantly" or not open_list)
    ):
        return
    verb = a
    if doc[a].lower_ in ("a", "an") and a - 1 >= s.start:
        verb = a - 1
    agent = agent_before(s, verb)
    own = agent.own if agent is not None else None
    if own is None:
        return
    for text, _, hi in values:
        em.claim(s, own.ref, "membership", text, rule, confidence, lo=a, hi=hi)
