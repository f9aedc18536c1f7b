"""Mentions: which tokens of a sentence name an entity, and which entity.

Three sources, in order of trust:

1. a phrase matcher (spaCy's EntityRuler, less its writing of `doc.ents`)
   fed from what the document itself establishes: its title,
   the names its infobox produced, aliases and acronyms its lead defines,
   sub-units its prose names (so "IRGC" links to "Islamic Revolutionary Guard
   Corps" only in the document that defines it);
2. runs of capitalised words, classified as places (countries, GeoNames
   cities, "… Governorate"), people (after a rank or title) or organisations;
3. anaphors that stand for the subject: "the group", "the force".

The matcher is built per document and never added to the shared pipeline, so
no knowledge leaks from one document into the next. What is cached across
documents is keyed on text alone (a name's spellings, a spelling's tokens, a
run's rank and title), or kept with a paragraph's Doc (its token table).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.attrs import IS_ALPHA, IS_LOWER, LIKE_NUM, LOWER, ORTH, SENT_START, SPACY
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

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
_LETTER = re.compile(r"[^\W\d_]")
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
    _matcher: _NameMatcher | None = None
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
        if len(name) < 2 or not _LETTER.search(name):
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
        if changed:  # a name said again changes nothing: keep the matcher, and the links
            self._matcher = None
            self._by_id = None
            self._version += 1
        if label == PLACE and (code := gazetteer.country_code(ref.name)):
            self.countries.add(code)

    def lookup(self, text: str) -> tuple[EntityRef, str] | None:
        return self._names.get(normalize_name(text))

    def names_of(self, ref: EntityRef) -> list[str]:
        return [k for k, (r, _) in self._names.items() if r.id == ref.id]

    def matcher(self) -> _NameMatcher:
        """The document's names as phrase patterns, rebuilt after the names changed."""
        if self._matcher is None:
            matcher = _NameMatcher()
            for spelling, key in self._spellings.items():
                ref, label = self._names[key]
                matcher.add(spelling, label, ref.id)
            self._matcher = matcher
        return self._matcher

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


@lru_cache(maxsize=8192)
def _pattern_words(spelling: str) -> tuple[int, ...]:
    """The LOWER hashes of a spelling's tokens: the phrase pattern it compiles to.

    Tokenizing is a pure function of the text, and the same names (countries,
    the subject's own) recur in every stage and many documents.
    """
    return tuple(nlp().make_doc(spelling).to_array(LOWER).tolist())


class _NameMatcher:
    """Finds the document's names in a paragraph, as spaCy's EntityRuler did.

    An EntityRuler with `phrase_matcher_attr="LOWER"` and `overwrite_ents=True`
    fed a pattern per spelling; this keeps its PhraseMatcher, its match keys
    ("LABEL||id") and its choice among overlapping matches, but gives the
    matcher the token hashes directly (the ruler re-tokenized every pattern
    through the pipeline and checked each for annotations, each time the
    names grew) and returns the chosen spans instead of writing `doc.ents`.
    """

    def __init__(self) -> None:
        self._phrases = PhraseMatcher(nlp().vocab, attr="LOWER", validate=False)
        self._ids: dict[int, str] = {}  # match key → entity id

    def add(self, spelling: str, label: str, ent_id: str) -> None:
        words = _pattern_words(spelling)
        if not words:
            return
        key = f"{label}||{ent_id}" if ent_id else label
        self._phrases.add(key, [words])
        self._ids[get_string_id(key)] = ent_id

    def __call__(self, doc: Doc) -> list[tuple[int, int, str]]:
        """The names found, as (start, end, entity id), left to right, none overlapping.

        Longest first, then leftmost; a match is dropped when its first or last
        token is already taken (EntityRuler.match and set_annotations, as written).
        """
        # built as the ruler built it, so that two names on the same tokens tie alike
        found = set([(key, start, end) for key, start, end in self._phrases(doc) if start != end])
        ordered = sorted(found, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
        chosen: list[tuple[int, int, str]] = []
        seen: set[int] = set()
        for key, start, end in ordered:
            if start not in seen and end - 1 not in seen:
                chosen.append((start, end, self._ids[key]))
                seen.update(range(start, end))
        chosen.sort()
        return chosen


@lru_cache(maxsize=8192)
def _variants(name: str) -> tuple[str, ...]:
    """Spellings of one name: with or without "the", British or American, Force/Forces.

    Kept per name: an infobox's names are added again in every stage and the
    same places recur across documents. The tuple keeps the order the set of
    spellings is iterated in, as building the set again would.
    """
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
    return tuple(out)


def _swap(text: str, a: str, b: str) -> str:
    i = text.lower().find(a)
    piece = text[i : i + len(a)]
    repl = b.capitalize() if piece[:1].isupper() else b
    return text[:i] + repl + text[i + len(a) :]


# ------------------------------------------------------------------ annotation


@dataclass(frozen=True, slots=True)
class Tokens:
    """A paragraph's token attributes as plain lists, read from its Doc once.

    Linking walks every token of every paragraph once per stage that grew the
    knowledge; indexing a Doc makes a new Token object at every access, which
    cost more than the linking itself. The lists hold what the Token
    attributes return (the strings through the same StringStore), and a
    Doc's tokens never change once parsed, so the table is kept with the Doc.
    """

    text: list[str]
    lower: list[str]
    # flags as spaCy stores them, 1 or 0: tested for truth only, so left unconverted
    spaced: list[int]  # followed by whitespace (Token.whitespace_)
    is_lower: list[int]
    is_alpha: list[int]
    like_num: list[int]
    sent_start: list[bool]  # Token.is_sent_start is True
    namey: list[bool]  # _namey(text)
    opens: list[bool]  # a capitalised run may start here: namey, or _particle_start

    def __len__(self) -> int:
        return len(self.text)


_TOKENS_KEY = "orbat.prose.tokens"


def tokens_of(doc: Doc) -> Tokens:
    """The Doc's token table, made on first use and kept in its user_data."""
    table = doc.user_data.get(_TOKENS_KEY)
    if table is None:
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, LOWER, SPACY, IS_LOWER, IS_ALPHA, LIKE_NUM, SENT_START])
        orth, lower, spaced, is_lower, is_alpha, like_num, sent = (
            columns.T.tolist() if len(doc) else ([] for _ in range(7))
        )
        text = [strings[h] for h in orth]
        lowered = [strings[h] for h in lower]
        namey = [t[:1].isupper() and _namey(t) for t in text]
        table = Tokens(
            text=text,
            lower=lowered,
            spaced=spaced,
            is_lower=is_lower,
            is_alpha=is_alpha,
            like_num=like_num,
            sent_start=[x == 1 for x in sent],  # 1 starts a sentence, -1 does not
            namey=namey,
            opens=[
                namey[i]
                # what _particle_start needs first: a digit (of an ordinal) or a particle
                or (text[i][:1].isdigit() or lowered[i] in NAME_PARTICLES)
                and _particle_start(text, lowered, namey, i)
                for i in range(len(text))
            ],
        )
        doc.user_data[_TOKENS_KEY] = table
    return table


def annotate(doc: Doc, knowledge: Knowledge) -> list[Mention]:
    """Every mention in a paragraph, left to right, none overlapping."""
    by_id = knowledge.by_id()
    toks = tokens_of(doc)
    names = knowledge.matcher()(doc) if by_id else []  # no names, no matches
    out: list[Mention] = []
    covered = [False] * len(toks)
    taken = {i for start, end, _ in names for i in range(start, end)}
    for start, end, ent_id in names:
        text = _text(toks, start, end)
        if text.isupper() and len(text) <= 5 and not knowledge.is_exact(text):
            continue
        head = text[4:] if text.lower().startswith("the ") else text
        if not head[:1].isupper() and not head[:1].isdigit():
            continue  # "the group" in lower case is not the name "Group"
        found = by_id.get(ent_id)
        if found is None:
            continue
        ref, label = found
        if _inside_longer_name(toks, start, end, taken):
            continue  # "Ba'athist Syria" is not Syria
        out.append(Mention(start, end, ref, label, True))
        for i in range(start, end):
            covered[i] = True
    out.extend(_chunks(doc, toks, covered, knowledge))
    out.extend(_anaphors(toks, covered, knowledge))
    out.sort(key=lambda m: m.start)
    return out


def _text(toks: Tokens, start: int, end: int) -> str:
    """The text of tokens [start, end), as Span.text gives it."""
    if end - start == 1:
        return toks.text[start]
    parts = [toks.text[i] + " " if toks.spaced[i] else toks.text[i] for i in range(start, end - 1)]
    parts.append(toks.text[end - 1])
    return "".join(parts)


def is_rank(text: str) -> bool:
    """The whole text is a military rank: "Colonel", "Brig. Gen.", "Brigadier-General"."""
    m = RANK.match(text + " x")
    return m is not None and m.group("rank") == text.strip()


def _inside_longer_name(toks: Tokens, start: int, end: int, taken: set[int]) -> bool:
    """A known name inside a longer one: "Ba'athist Syria", "IKEA Canada", "Samsung Biologics".

    Such a match names something else; the capitalised run is read as a whole instead.
    """
    before = start - 1
    if (
        before >= 0
        and before not in taken
        and toks.spaced[before]
        and toks.namey[before]
        and not toks.sent_start[before]
        and toks.text[before] not in FUNCTION_CAPS
        and not gazetteer.demonym(toks.text[before])
    ):
        return True
    return (
        end < len(toks)
        and end not in taken
        and toks.spaced[end - 1]
        and toks.namey[end]
        and toks.text[end] not in FUNCTION_CAPS
    )


def capitalised_words(doc: Doc) -> Iterable[str]:
    """Words written with a capital inside a sentence: names, not sentence openers."""
    toks = tokens_of(doc)
    for text, start in zip(toks.text, toks.sent_start, strict=True):
        if not start and text[:1].isupper():
            yield text


def _namey(t: str) -> bool:
    """A token's text could be part of a name: capitalised, with a letter, not a month."""
    return (
        t[:1].isupper()
        and (t[0].isalpha() or any(c.isalpha() for c in t))  # the first letter answers most
        and t not in MONTHS
        and t.strip(".") not in MONTHS
        and t != "I"
    )


def _attached(toks: Tokens, i: int) -> bool:
    """Token i is glued to both neighbours ("al-Assad", "Ba'ath")."""
    return 0 < i < len(toks) - 1 and not toks.spaced[i - 1] and not toks.spaced[i]


def _chunks(doc: Doc, toks: Tokens, covered: list[bool], knowledge: Knowledge) -> Iterable[Mention]:
    n = len(toks)
    text, lower, namey, spaced = toks.text, toks.lower, toks.namey, toks.spaced
    i = 0
    while i < n:
        if covered[i] or not toks.opens[i]:
            i += 1
            continue
        j = i
        last = None
        has_of = False
        while j < n and not covered[j]:
            low = lower[j]
            if namey[j] and (j == i or text[j - 1] not in ('"', "“", "”")):
                last = j
                j += 1
                continue
            if j == i and _ORDINAL.fullmatch(text[j]):
                j += 1
                continue
            if (
                low in NAME_PARTICLES
                and j + 1 < n
                and (
                    (text[j + 1] == "-" and not spaced[j])
                    or (namey[j + 1] and low not in HYPHEN_PARTICLES)
                )
            ):
                j += 1
                continue
            if (
                text[j] in ("-", "'", "’", "ʿ")
                and _attached(toks, j)
                and (last == j - 1 or lower[j - 1] in NAME_PARTICLES)
            ):
                j += 1
                continue
            if (
                last == j - 2
                and text[j - 1] == "-"
                and toks.is_lower[j]
                and toks.is_alpha[j]
                and len(text[j]) <= 5
                and low not in _NOT_NAME_SYLLABLES
                and (j + 1 >= n or not toks.is_alpha[j + 1] or spaced[j])
            ):
                last = j  # "Lee Byung-chul", "Cho Hong-jai"
                j += 1
                continue
            if low in NAME_CONNECTORS and last is not None and j + 1 < n:
                ahead = j + 1 if lower[j + 1] != "the" or j + 2 >= n else j + 2
                if namey[ahead] and not covered[ahead]:
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
        mention = _chunk_mention(doc, toks, i, last + 1, knowledge)
        if mention is not None:
            yield mention
        i = last + 1


def _particle_start(text: list[str], lower: list[str], namey: list[bool], i: int) -> bool:
    """A name opening with a particle ("al-Hasakah") or an ordinal ("9th Mountain Brigade")."""
    n = len(text)
    # an ordinal starts with a digit (\d is a subset of str.isdigit): skip the regex otherwise
    if i + 1 < n and text[i][:1].isdigit() and _ORDINAL.fullmatch(text[i]) and namey[i + 1]:
        return True
    return lower[i] in NAME_PARTICLES and i + 2 < n and text[i + 1] == "-"


def _chunk_mention(
    doc: Doc, toks: Tokens, start: int, end: int, knowledge: Knowledge
) -> Mention | None:
    while start < end and (toks.text[start] in FUNCTION_CAPS or toks.lower[start] == "the"):
        start += 1
    while end > start and toks.lower[end - 1] in NAME_CONNECTORS:
        end -= 1
    if start >= end:
        return None
    text = _text(toks, start, end)
    heading = _heading(text)
    if heading is None:
        return None  # "Captain" before a known name is a rank, not a name
    rank, title_end = heading
    cut = len(rank) if rank else title_end  # where the name after a rank or title starts
    if cut is not None:
        title = None if rank else text[:cut].strip()
        span = doc[start:end]
        sub = doc.char_span(span.start_char + cut, span.end_char, alignment_mode="contract")
        if sub is None or not len(sub):
            return None
        while len(sub) and not toks.namey[sub.start]:
            sub = sub[1:]
        if not len(sub):
            return None
        return Mention(
            sub.start, sub.end, EntityRef(sub.text, Kind.PERSON), PERSON, False, rank, title
        )
    one_word = end - start == 1
    if (
        toks.sent_start[start]
        and one_word
        and not text.isupper()
        and knowledge.lookup(text) is None
        and gazetteer.country(text) is None
        and text not in knowledge.capitalised
    ):
        return None  # "Young and unemployed men …": capitalised only as the first word
    if one_word and gazetteer.demonym(text):
        return None
    if (
        not one_word
        and ethnic_adjective(toks.text[start])
        and _text(toks, start + 1, end).isupper()
    ):
        start += 1  # "Kurdish YPG": the acronym is the name
        text = _text(toks, start, end)
    known = knowledge.lookup(text)
    if known is not None:
        return Mention(start, end, known[0], known[1], True)
    ref, label = _classify(toks, start, end, text, knowledge)
    if label in (OTHER, ORG) and end < len(toks) and toks.lower[end] == "militias":
        ref = EntityRef(_text(toks, start, end + 1), Kind.ORGANISATION)
        end += 1
    return Mention(start, end, ref, label, False)


@lru_cache(maxsize=16384)
def _heading(text: str) -> tuple[str | None, int | None] | None:
    """The rank and title a capitalised run opens with, or None if it is nothing more.

    Gives the leading rank (RANK) when a name follows it, and where a leading
    role title ("President", "Sheikh") ends. A pure function of the text, kept
    per text: the same runs are read again each time the mentions are relinked.
    """
    if is_rank(text) or _ROLE_TITLES.fullmatch(text + " "):
        return None
    rm = RANK.match(text + " x")
    rank = rm.group("rank") if rm and len(text) > len(rm.group("rank")) else None
    tm = _ROLE_TITLES.match(text)
    return rank, tm.end() if tm else None


def ethnic_adjective(word: str) -> bool:
    """An adjective of nationality or ethnicity: "Kurdish", "Iranian", "Lebanese"."""
    return bool(gazetteer.demonym(word)) or (
        word[:1].isupper() and word.lower().endswith(("ish", "ian", "ese", "ean", "ic"))
    )


def _classify(
    toks: Tokens, start: int, end: int, text: str, knowledge: Knowledge
) -> tuple[EntityRef, str]:
    """What a capitalised run of tokens [start, end) (reading `text`) names."""
    name = gazetteer.country_name_only(text)
    if name is not None:
        return EntityRef(name, Kind.PLACE), PLACE
    last = toks.lower[end - 1]
    nxt = toks.lower[end] if end < len(toks) else ""
    prev = toks.lower[start - 1] if start > 0 else ""
    if last in PLACE_SUFFIXES or nxt in AREA_WORDS and nxt not in ("front",):
        return EntityRef(text, Kind.PLACE), PLACE
    if prev in ROLE_NOUNS and end - start >= 2 and last not in ORG_HEADS:
        return EntityRef(text, Kind.PERSON), PERSON
    if last in ORG_HEADS or text.isupper():
        return EntityRef(text, Kind.ORGANISATION), ORG
    city = gazetteer.city(
        text, frozenset(knowledge.countries), after_preposition=prev in _PLACE_PREPOSITIONS
    )
    if city is not None:
        return EntityRef(text, Kind.PLACE), PLACE
    return EntityRef(text, Kind.OTHER), OTHER


def _anaphors(toks: Tokens, covered: list[bool], knowledge: Knowledge) -> Iterable[Mention]:
    """ "the group", "the force", and "the 800-strong unit"."""
    nouns = knowledge.anaphor_nouns
    n = len(toks)
    text, lower = toks.text, toks.lower
    for i in range(n - 1):
        if lower[i] != "the":
            continue
        j = i + 1
        if j + 2 < n and toks.like_num[j] and text[j + 1] == "-" and lower[j + 2] == "strong":
            j += 3
        if j >= n or covered[j] or lower[j] not in nouns or not toks.is_lower[j]:
            continue
        if j + 1 < n and (toks.namey[j + 1] or lower[j + 1] in ("called", "named", "known")):
            continue
        if j + 1 < n and text[j + 1] in ('"', "“", "'"):
            continue
        yield Mention(i, j + 1, knowledge.subject, ANAPHOR, True)
