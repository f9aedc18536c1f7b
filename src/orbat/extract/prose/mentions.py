"""Mentions: which tokens of a sentence name an entity, and which entity.

Three sources, in order of trust:

1. an EntityRuler fed from what the document itself establishes: its title,
   the names its infobox produced, aliases and acronyms its lead defines,
   sub-units its prose names (so "IRGC" links to "Islamic Revolutionary Guard
   Corps" only in the document that defines it);
2. runs of capitalised words, classified as places (countries, GeoNames
   cities, "… Governorate"), people (after a rank or title) or organisations;
3. anaphors that stand for the subject: "the group", "the force".

The ruler is built per document and never added to the shared pipeline, so no
knowledge leaks from one document into the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span, Token

from orbat.extract.people import RANK
from orbat.model import EntityRef, Kind
from orbat.names import normalize_name

from . import gazetteer
from .lexicon import (
    AREA_WORDS,
    FUNCTION_CAPS,
    GENERIC_ANAPHORS,
    HYPHEN_PARTICLES,
    MONTHS,
    NAME_CONNECTORS,
    NAME_PARTICLES,
    ORG_HEADS,
    PLACE_SUFFIXES,
    ROLE_NOUNS,
)
from .sentences import nlp

SUBJECT = "SUBJECT"
SUBUNIT = "SUBUNIT"
ANAPHOR = "ANAPHOR"
ORG = "ORG"
PERSON = "PERSON"
PLACE = "PLACE"
BATTLE = "BATTLE"
OTHER = "OTHER"

LABEL_OF_KIND = {
    Kind.PLACE: PLACE,
    Kind.PERSON: PERSON,
    Kind.BATTLE: BATTLE,
    Kind.INCIDENT: OTHER,
    Kind.ORGANISATION: ORG,
    Kind.OTHER: ORG,
}
_SPELLINGS = (("defence", "defense"), ("organisation", "organization"), ("centre", "center"))
# Lower-case words after a hyphen that end a compound, not a name: "Turkish-led".
_NOT_NAME_SYLLABLES = frozenset(
    [
        "led",
        "backed",
        "based",
        "born",
        "run",
        "owned",
        "linked",
        "held",
        "style",
        "era",
        "type",
        "aided",
        "armed",
        "made",
        "wide",
        "like",
        "free",
        "wing",
        "era",
        "sized",
        "speaking",
        "only",
    ]
)
_ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th)")
_PLACE_PREPOSITIONS = frozenset(["in", "at", "near", "around", "outside", "inside", "from"])
_ROLE_TITLES = re.compile(
    r"^(?:(?:President|Vice[- ]President|Prime Minister|Minister|Commander(?:-in-Chief)?|"
    r"Sheikh|Shaykh|Emir|Amir|Imam|Ayatollah|Mullah|Sayyed|Sayyid|Hajji?|"
    r"Secretary[- ]General|General Secretary|Chairman|Deputy|Spokesman|Leader|"
    r"Mr\.?|Mrs\.?|Dr\.?)\s+)+"
)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # token indices in the paragraph's Doc
    end: int
    ref: EntityRef
    label: str
    known: bool  # established by the document, not guessed from capitals
    rank: str | None = None
    title: str | None = None

    @property
    def about_subject(self) -> bool:
        return self.label in (SUBJECT, ANAPHOR)


@dataclass
class Knowledge:
    """Names the document establishes, each with the entity it denotes."""

    subject: EntityRef
    anaphor_nouns: set[str] = field(default_factory=lambda: set(GENERIC_ANAPHORS))
    countries: set[str] = field(default_factory=set)  # ISO codes the document mentions
    capitalised: set[str] = field(default_factory=set)  # words capitalised mid-sentence
    _names: dict[str, tuple[EntityRef, str]] = field(default_factory=dict)
    _spellings: dict[str, str] = field(default_factory=dict)  # as written, lower-cased → key
    _exact: set[str] = field(default_factory=set)  # short acronyms: case matters
    _ruler: EntityRuler | None = None
    _by_id: dict[str, tuple[EntityRef, str]] | None = None
    _version: int = 0  # counts changes to the names, which only add() writes

    def state(self) -> tuple[object, ...]:
        """Everything mentions are read from: equal states link a text's mentions alike.

        The names change only through add(), which bumps the version when they
        do; the word sets are written to directly, so they are compared by value.
        """
        return (
            self._version,
            self.subject,
            frozenset(self.anaphor_nouns),
            frozenset(self.countries),
            frozenset(self.capitalised),
        )

    def add(self, name: str, ref: EntityRef, label: str) -> None:
        name = name.strip()
        if len(name) < 2 or not re.search(r"[^\W\d_]", name):
            return
        changed = False
        for variant in _variants(name):
            key = normalize_name(variant)
            spelling = variant.lower()
            old = self._names.get(key)
            if old is not None and _LABEL_RANK[old[1]] >= _LABEL_RANK[label]:
                if spelling not in self._spellings:
                    self._spellings[spelling] = key
                    changed = True
                continue
            changed = changed or old != (ref, label) or self._spellings.get(spelling) != key
            self._names[key] = (ref, label)
            self._spellings[spelling] = key
            if variant.isupper() and len(variant) <= 5 and variant not in self._exact:
                self._exact.add(variant)
                changed = True
        if changed:  # a name said again changes nothing: keep the ruler, and the links
            self._ruler = None
            self._by_id = None
            self._version += 1
        if label == PLACE and (code := gazetteer.country_code(ref.name)):
            self.countries.add(code)

    def lookup(self, text: str) -> tuple[EntityRef, str] | None:
        return self._names.get(normalize_name(text))

    def names_of(self, ref: EntityRef) -> list[str]:
        return [k for k, (r, _) in self._names.items() if r.id == ref.id]

    def ruler(self) -> EntityRuler:
        if self._ruler is None:
            ruler = EntityRuler(nlp(), phrase_matcher_attr="LOWER", overwrite_ents=True)
            patterns = []
            for spelling, key in self._spellings.items():
                ref, label = self._names[key]
                patterns.append({"label": label, "pattern": spelling, "id": ref.id})
            ruler.add_patterns(patterns)
            self._ruler = ruler
        return self._ruler

    def by_id(self) -> dict[str, tuple[EntityRef, str]]:
        if self._by_id is None:
            # One label per entity, the strongest: iterating a set here made the label (and
            # so which claims a sentence yields) depend on the process's hash seed.
            by_id: dict[str, tuple[EntityRef, str]] = {}
            for ref, label in self._names.values():
                old = by_id.get(ref.id)
                if old is None or _LABEL_RANK[label] > _LABEL_RANK[old[1]]:
                    by_id[ref.id] = (ref, label)
            self._by_id = by_id
        return self._by_id

    def is_exact(self, text: str) -> bool:
        return text in self._exact


_LABEL_RANK = {OTHER: 0, ORG: 1, BATTLE: 1, PERSON: 1, PLACE: 2, SUBUNIT: 3, SUBJECT: 4}


def _variants(name: str) -> set[str]:
    """Spellings of one name: with or without "the", British or American, Force/Forces."""
    out = {name}
    if name.lower().startswith("the ") and len(name) > 6:
        out.add(name[4:])
    for a, b in _SPELLINGS:
        for v in list(out):
            low = v.lower()
            if a in low:
                out.add(_swap(v, a, b))
            elif b in low:
                out.add(_swap(v, b, a))
    for v in list(out):
        words = v.split()
        if len(words) > 1 and not v.isupper():
            last = words[-1]
            if last.endswith("s") and len(last) > 3:
                out.add(" ".join([*words[:-1], last[:-1]]))
            elif last[:1].isupper() and last.lower() in ORG_HEADS:
                out.add(" ".join([*words[:-1], last + "s"]))
    return out


def _swap(text: str, a: str, b: str) -> str:
    i = text.lower().find(a)
    piece = text[i : i + len(a)]
    repl = b.capitalize() if piece[:1].isupper() else b
    return text[:i] + repl + text[i + len(a) :]


# ------------------------------------------------------------------ annotation


def annotate(doc: Doc, knowledge: Knowledge) -> list[Mention]:
    """Every mention in a paragraph, left to right, none overlapping."""
    by_id = knowledge.by_id()
    doc.ents = ()
    if by_id:  # a ruler without patterns only warns
        doc = knowledge.ruler()(doc)
    out: list[Mention] = []
    covered = [False] * len(doc)
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    for ent in doc.ents:
        if ent.text.isupper() and len(ent.text) <= 5 and not knowledge.is_exact(ent.text):
            continue
        head = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        if not head[:1].isupper() and not head[:1].isdigit():
            continue  # "the group" in lower case is not the name "Group"
        found = by_id.get(ent.ent_id_)
        if found is None:
            continue
        ref, label = found
        if _inside_longer_name(doc, ent.start, ent.end, taken):
            continue  # "Ba'athist Syria" is not Syria
        out.append(Mention(ent.start, ent.end, ref, label, True))
        for i in range(ent.start, ent.end):
            covered[i] = True
    out.extend(_chunks(doc, covered, knowledge))
    out.extend(_anaphors(doc, covered, knowledge))
    out.sort(key=lambda m: m.start)
    return out


def is_rank(text: str) -> bool:
    """The whole text is a military rank: "Colonel", "Brig. Gen.", "Brigadier-General"."""
    m = RANK.match(text + " x")
    return m is not None and m.group("rank") == text.strip()


def _inside_longer_name(doc: Doc, start: int, end: int, taken: set[int]) -> bool:
    """A known name inside a longer one: "Ba'athist Syria", "IKEA Canada", "Samsung Biologics".

    Such a match names something else; the capitalised run is read as a whole instead.
    """
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if (
        before is not None
        and before.i not in taken
        and before.whitespace_
        and _namey(before)
        and not before.is_sent_start
        and before.text not in FUNCTION_CAPS
        and not gazetteer.demonym(before.text)
    ):
        return True
    return (
        after is not None
        and after.i not in taken
        and doc[end - 1].whitespace_ != ""
        and _namey(after)
        and after.text not in FUNCTION_CAPS
    )


def capitalised_words(doc: Doc) -> Iterable[str]:
    """Words written with a capital inside a sentence: names, not sentence openers."""
    for tok in doc:
        if not tok.is_sent_start and tok.text[:1].isupper():
            yield tok.text


def _namey(tok: Token) -> bool:
    t = tok.text
    return (
        t[:1].isupper()
        and any(c.isalpha() for c in t)
        and t not in MONTHS
        and t.strip(".") not in MONTHS
        and t != "I"
    )


def _attached(doc: Doc, i: int) -> bool:
    """Token i is glued to both neighbours ("al-Assad", "Ba'ath")."""
    return 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_ and not doc[i].whitespace_


def _chunks(doc: Doc, covered: list[bool], knowledge: Knowledge) -> Iterable[Mention]:
    n = len(doc)
    i = 0
    while i < n:
        if covered[i] or not (_namey(doc[i]) or _particle_start(doc, i)):
            i += 1
            continue
        j = i
        last = None
        has_of = False
        while j < n and not covered[j]:
            tok = doc[j]
            low = tok.lower_
            if _namey(tok) and (j == i or doc[j - 1].text not in ('"', "“", "”")):
                last = j
                j += 1
                continue
            if j == i and _ORDINAL.fullmatch(tok.text):
                j += 1
                continue
            if (
                low in NAME_PARTICLES
                and j + 1 < n
                and (
                    (doc[j + 1].text == "-" and not tok.whitespace_)
                    or (_namey(doc[j + 1]) and low not in HYPHEN_PARTICLES)
                )
            ):
                j += 1
                continue
            if (
                tok.text in ("-", "'", "’", "ʿ")
                and _attached(doc, j)
                and (last == j - 1 or doc[j - 1].lower_ in NAME_PARTICLES)
            ):
                j += 1
                continue
            if (
                last == j - 2
                and doc[j - 1].text == "-"
                and tok.is_lower
                and tok.is_alpha
                and len(tok.text) <= 5
                and tok.lower_ not in _NOT_NAME_SYLLABLES
                and (j + 1 >= n or not doc[j + 1].is_alpha or doc[j].whitespace_)
            ):
                last = j  # "Lee Byung-chul", "Cho Hong-jai"
                j += 1
                continue
            if low in NAME_CONNECTORS and last is not None and j + 1 < n:
                nxt = doc[j + 1]
                ahead = nxt if nxt.lower_ != "the" or j + 2 >= n else doc[j + 2]
                if _namey(ahead) and not covered[ahead.i]:
                    if low == "and" and not has_of:
                        break
                    if low in ("of", "for"):
                        has_of = True
                    j += 1
                    continue
            break
        if last is None:
            i = j + 1
            continue
        mention = _chunk_mention(doc, i, last + 1, knowledge)
        if mention is not None:
            yield mention
        i = last + 1


def _particle_start(doc: Doc, i: int) -> bool:
    """A name opening with a particle ("al-Hasakah") or an ordinal ("9th Mountain Brigade")."""
    if i + 1 < len(doc) and _ORDINAL.fullmatch(doc[i].text) and _namey(doc[i + 1]):
        return True
    return doc[i].lower_ in NAME_PARTICLES and i + 2 < len(doc) and doc[i + 1].text == "-"


def _chunk_mention(doc: Doc, start: int, end: int, knowledge: Knowledge) -> Mention | None:
    while start < end and (doc[start].text in FUNCTION_CAPS or doc[start].lower_ == "the"):
        start += 1
    while end > start and doc[end - 1].lower_ in NAME_CONNECTORS:
        end -= 1
    if start >= end:
        return None
    span = doc[start:end]
    text = span.text
    if is_rank(text) or _ROLE_TITLES.fullmatch(text + " "):
        return None  # "Captain" before a known name is a rank, not a name
    rank = title = None
    rm = RANK.match(text + " x")
    if rm and len(text) > len(rm.group("rank")):
        rank = rm.group("rank")
    tm = _ROLE_TITLES.match(text)
    if rank or tm:
        cut = len(rank) if rank else tm.end()  # type: ignore[union-attr]
        title = None if rank else text[:cut].strip()
        sub = doc.char_span(span.start_char + cut, span.end_char, alignment_mode="contract")
        if sub is None or not len(sub):
            return None
        while len(sub) and not _namey(sub[0]):
            sub = sub[1:]
        if not len(sub):
            return None
        return Mention(
            sub.start, sub.end, EntityRef(sub.text, Kind.PERSON), PERSON, False, rank, title
        )
    if (
        span[0].is_sent_start
        and len(span) == 1
        and not text.isupper()
        and knowledge.lookup(text) is None
        and gazetteer.country(text) is None
        and text not in knowledge.capitalised
    ):
        return None  # "Young and unemployed men …": capitalised only as the first word
    if len(span) == 1 and gazetteer.demonym(text):
        return None
    if len(span) >= 2 and ethnic_adjective(span[0].text) and span[1:].text.isupper():
        start += 1  # "Kurdish YPG": the acronym is the name
        span = doc[start:end]
        text = span.text
    known = knowledge.lookup(text)
    if known is not None:
        return Mention(start, end, known[0], known[1], True)
    ref, label = _classify(doc, span, knowledge)
    if label in (OTHER, ORG) and end < len(doc) and doc[end].lower_ == "militias":
        span = doc[start : end + 1]
        ref = EntityRef(span.text, Kind.ORGANISATION)
        end += 1
    return Mention(start, end, ref, label, False)


def ethnic_adjective(word: str) -> bool:
    """An adjective of nationality or ethnicity: "Kurdish", "Iranian", "Lebanese"."""
    return bool(gazetteer.demonym(word)) or (
        word[:1].isupper() and word.lower().endswith(("ish", "ian", "ese", "ean", "ic"))
    )


def _classify(doc: Doc, span: Span, knowledge: Knowledge) -> tuple[EntityRef, str]:
    text = span.text
    name = gazetteer.country_name_only(text)
    if name is not None:
        return EntityRef(name, Kind.PLACE), PLACE
    last = span[-1].lower_
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    if last in PLACE_SUFFIXES or nxt in AREA_WORDS and nxt not in ("front",):
        return EntityRef(text, Kind.PLACE), PLACE
    if prev in ROLE_NOUNS and len(span) >= 2 and last not in ORG_HEADS:
        return EntityRef(text, Kind.PERSON), PERSON
    if last in ORG_HEADS or text.isupper():
        return EntityRef(text, Kind.ORGANISATION), ORG
    city = gazetteer.city(
        text, frozenset(knowledge.countries), after_preposition=prev in _PLACE_PREPOSITIONS
    )
    if city is not None:
        return EntityRef(text, Kind.PLACE), PLACE
    return EntityRef(text, Kind.OTHER), OTHER


def _anaphors(doc: Doc, covered: list[bool], knowledge: Knowledge) -> Iterable[Mention]:
    """ "the group", "the force", and "the 800-strong unit"."""
    nouns = knowledge.anaphor_nouns
    for i in range(len(doc) - 1):
        if doc[i].lower_ != "the":
            continue
        j = i + 1
        if (
            j + 2 < len(doc)
            and doc[j].like_num
            and doc[j + 1].text == "-"
            and doc[j + 2].lower_ == "strong"
        ):
            j += 3
        if j >= len(doc) or covered[j] or doc[j].lower_ not in nouns or not doc[j].is_lower:
            continue
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        if nxt is not None and (_namey(nxt) or nxt.lower_ in ("called", "named", "known")):
            continue
        if nxt is not None and nxt.text in ('"', "“", "'"):
            continue
        yield Mention(i, j + 1, knowledge.subject, ANAPHOR, True)
