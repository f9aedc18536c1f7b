"""Names the text defines: the lead's "(NDF; قوات الدفاع الوطني Quwāt ad-Difāʿ al-Watanī)",
acronyms in brackets after a name ("Islamic Revolutionary Guard Corps (IRGC)"),
and "also known as".

These run before the relation rules, so that every later mention of "NDF" or
"IRGC" links to the entity the document defined.
"""

from __future__ import annotations

import re

from orbat.model import EntityRef, Kind
from orbat.parse.textmap import MappedText
from orbat.values import parse_period

from ..document import Sentence
from ..engine import Emitter
from ..lexicon import ORG_HEADS, UNIT_NOUNS
from ..mentions import ANAPHOR, ORG, PERSON, PLACE, SUBJECT, Knowledge, Mention

_LABEL = re.compile(
    r"^(?:(?:also\s+)?(?:known\s+as|called|abbreviated(?:\s+as)?|abbr\.|short(?:\s+for)?|"
    r"formerly|or|acronym|romani[sz]ed|transliterated|translit\.?|"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*:?\s+|^[A-Z][a-z]+\s*:\s*)"
)
_TRANSLATION = re.compile(r"^(?:lit\.|literally|transl\.|translated|meaning|English:)", re.I)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,9}$")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
_AKA = re.compile(
    r",?\s*(?:also|commonly|simply|formerly|sometimes)?\s*"
    r"(?:known\s+as|referred\s+to\s+as|called|named|dubbed|styled)\s+",
    re.I,
)


def run(s: Sentence, em: Emitter) -> None:
    for m in s.mentions:
        j = m.end
        doc = s.doc
        if j + 1 >= s.end or doc[j].text != "(":
            continue
        close = next((x for x in range(j, s.end) if doc[x].text == ")"), None)
        if close is None:
            continue
        if m.about_subject and m.label != ANAPHOR and _is_lead(s, em):
            _lead_aliases(s, em, m, j + 1, close)
        else:
            _acronym(s, em, m, j + 1, close)
    if _is_lead(s, em):
        _also_known_as(s, em)
        if s.index == 0:
            _what_it_is(s, em)
    for m in s.mentions:
        if m.label == PERSON:
            add_person(em.knowledge, m.ref)


def add_person(knowledge: Knowledge, ref: EntityRef) -> None:
    """A person is later called by surname alone: "Karam raised the brigade"."""
    person = EntityRef(ref.name, Kind.PERSON)
    knowledge.add(ref.name, person, PERSON)
    words = ref.name.replace("-", " ").split()
    surname = ref.name.split()[-1] if len(ref.name.split()) >= 2 else None
    if surname and len(words) >= 2 and len(surname) >= 4 and surname[:1].isupper():
        known = knowledge.lookup(surname)
        if known is None:
            knowledge.add(surname, person, PERSON)


def _is_lead(s: Sentence, em: Emitter) -> bool:
    return s.section in ("Lead", "Introduction") or s.index < 2


def _lead_aliases(s: Sentence, em: Emitter, m: Mention, lo: int, hi: int) -> None:
    """Every name in the lead's bracket after the subject: acronyms, native script, romanisation."""
    doc = s.doc
    a, b = doc[lo].idx, doc[hi].idx
    inner = s.paragraph.text.slice(a, b)
    translating = False
    for piece in _split(inner):
        text = piece.text
        if _TRANSLATION.match(text) or (translating and re.match(r"or\b", text)):
            translating = True  # "lit. Army of the Good, or Army of the Pure": translations
            continue
        translating = False
        if parse_period(text) is not None:
            continue
        lm = _LABEL.match(text)
        if lm and not _ACRONYM.match(text.split()[0]):
            piece = piece.slice(lm.end()).strip()
            text = piece.text
        for part in _scripts(piece):
            name = part.text.strip(" '\"“”‘’")
            if len(name) < 2 or not re.search(r"\w", name):
                continue
            src = em.ctx.source(part, s.section, "prose:alias/lead_brackets", confidence=0.9)
            em.ctx.claim(em.subject, "alias", name, src)
            _add_subject_name(em, name)


def _add_subject_name(em: Emitter, name: str) -> None:
    """A new name for the subject; its last word ("Brigade") becomes "the brigade"."""
    em.knowledge.add(name, em.subject, SUBJECT)
    last = name.split()[-1].lower() if name.split() else ""
    if last in ORG_HEADS | UNIT_NOUNS and last not in ("army", "government", "state", "forces"):
        em.knowledge.anaphor_nouns.add(last)


def _split(text: MappedText) -> list[MappedText]:
    return list(text.split(r"[;,]"))


def _scripts(piece: MappedText) -> list[MappedText]:
    """Split "قوات الدفاع الوطني Quwāt ad-Difāʿ al-Watanī" into its non-Latin and Latin runs."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", piece.text)]
    runs: list[MappedText] = []
    start = None
    latin = None
    last_end = 0
    for ws, we in words:
        w_latin = bool(_LATIN.search(piece.text[ws:we]))
        if start is None:
            start, latin = ws, w_latin
        elif w_latin != latin:
            runs.append(piece.slice(start, last_end))
            start, latin = ws, w_latin
        last_end = we
    if start is not None:
        runs.append(piece.slice(start, last_end))
    return runs


def _acronym(s: Sentence, em: Emitter, m: Mention, lo: int, hi: int) -> None:
    """ "Islamic Revolutionary Guard Corps (IRGC)": IRGC names the same entity here."""
    doc = s.doc
    first = doc[lo]
    if not _ACRONYM.match(first.text) or m.label == PLACE:
        return
    if lo + 1 < hi and doc[lo + 1].text not in (";", ","):
        return
    written = s.doc[m.start : m.end].text
    ref, label, start = m.ref, m.label, m.start
    if not initials_match(first.text, m.ref.name) and not initials_match(first.text, written):
        # "the Islamic State in the Greater Sahara (ISGS)": one name across "in the"
        longer = _longer_name(s, m)
        if longer is None or not initials_match(first.text, s.doc[longer : m.end].text):
            return
        start = longer
        ref, label = EntityRef(s.doc[longer : m.end].text, Kind.ORGANISATION), ORG
        em.knowledge.add(ref.name, ref, label)
    em.knowledge.add(first.text, ref, label)
    src = em.ctx.source(s.cite(start, lo + 2), s.section, "prose:alias/acronym", confidence=0.9)
    em.ctx.claim(ref, "alias", first.text, src)


def _longer_name(s: Sentence, m: Mention) -> int | None:
    """Where a name starts that runs through "in the"/"of the" into mention m."""
    doc = s.doc
    k = m.start - 1
    if k >= s.start and doc[k].lower_ == "the":
        k -= 1
    if k < s.start or doc[k].lower_ not in ("in", "of", "for", "on", "at"):
        return None
    prev = s.mention_at(k - 1)
    if prev is None or prev.label == PLACE and not prev.known:
        return None
    return prev.start


# Not orbat.resolve.normalize.acronym (one exact key, stop words dropped): text abbreviates
# freely ("ISIL", "IS" for the same group), so any in-order subset of initials matches.
def initials_match(acronym: str, name: str) -> bool:
    """The acronym's letters are, in order, initials of the name's words."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w[0].isalnum()]
    initials = "".join(w[0].upper() for w in words)
    letters = [c for c in acronym.upper() if c.isalpha()]
    if not letters or letters[0] != initials[:1]:
        return False
    pos = 0
    for c in letters:
        pos = initials.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return len(letters) >= 2


def _also_known_as(s: Sentence, em: Emitter) -> None:
    """ "…, also known as the Lions of X," gives the subject another name."""
    text = s.text
    for m in _AKA.finditer(text):
        # only right after a mention of the subject
        before = s.doc.char_span(
            s.span.start_char, s.span.start_char + m.start(), alignment_mode="contract"
        )
        if before is None or not len(before):
            continue
        k = before.end - 1
        while k > s.start and s.doc[k].text in (",", ")"):
            if s.doc[k].text == ")":
                k = next((x for x in range(k, s.start - 1, -1) if s.doc[x].text == "("), k)
            k -= 1
        prev = s.mention_at(k)
        if prev is None or not prev.about_subject:
            continue
        start = s.span.start_char + m.end()
        tok = s.token_at_char(start)
        target = s.mention_starting(tok)
        if target is None and tok + 1 < s.end and s.doc[tok].lower_ == "the":
            target = s.mention_starting(tok + 1)
        if target is None or target.about_subject:
            continue
        name = s.doc[target.start : target.end].text
        src = em.ctx.source(
            s.cite(target.start, target.end), s.section, "prose:alias/also_known_as", confidence=0.8
        )
        em.ctx.claim(em.subject, "alias", name, src)
        _add_subject_name(em, name)


_KIND_HEADS = (
    ORG_HEADS
    | UNIT_NOUNS
    | frozenset(
        [
            "organisation",
            "organization",
            "faction",
            "network",
            "group",
            "paramilitary",
            "insurgency",
            "guerrilla",
            "gang",
            "cartel",
        ]
    )
)


_KIND_STOPS = frozenset(["that", "which", "who", "of", "in", "based", "active", "and", "with"])


def _what_it_is(s: Sentence, em: Emitter) -> None:
    """ "The NDF was a Syrian paramilitary volunteer militia, …": what kind of group it is.

    The kind's head noun also becomes a name for the subject in this document
    ("the militia"), so later sentences about "the militia" are about it.
    """
    doc = s.doc
    subject = next((m for m in s.mentions if m.label == SUBJECT), None)
    if subject is None:
        return
    k = subject.end
    while k < s.end and doc[k].text in ("(", ","):
        # skip "(NDF; …)" and ", also called the Fatemiyoun Brigade,"
        close = ")" if doc[k].text == "(" else ","
        nxt = next((x for x in range(k + 1, min(s.end, k + 30)) if doc[x].text == close), None)
        if nxt is None:
            return
        k = nxt + 1
    if k + 1 >= s.end or doc[k].lower_ not in ("is", "was", "are", "were"):
        return
    if doc[k + 1].lower_ not in ("a", "an"):
        return
    start = k + 2
    head = None
    for j in range(start, min(s.end, start + 8)):
        tok = doc[j]
        if tok.text in (",", ";", "(") or tok.lower_ in _KIND_STOPS:
            break
        if tok.lower_ in _KIND_HEADS:
            head = j  # the last one: "a Syrian paramilitary volunteer militia"
    if head is None:
        return
    kind = doc[start : head + 1].text
    src = em.ctx.source(
        s.cite(start, head + 1), s.section, "prose:instance_of/lead_copula", confidence=0.8
    )
    em.ctx.claim(em.subject, "instance_of", kind, src)
    if doc[head].lower_ not in ("army", "government", "state", "police", "navy"):
        em.knowledge.anaphor_nouns.add(doc[head].lower_)
