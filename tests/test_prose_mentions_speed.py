"""The shortcuts in linking mentions and matching triggers find what the plain ways find.

Linking reads a paragraph's tokens from plain lists made once per Doc, and
finds the document's names with a PhraseMatcher fed token hashes, choosing
among overlapping names as spaCy's EntityRuler did; sentences slice their text
from the paragraph's instead of joining tokens; triggers are matched only over
the stretches of text their required words could reach. Each is checked here
against the straightforward version.
"""

from __future__ import annotations

import random
from collections import defaultdict

from spacy.attrs import LOWER
from spacy.matcher import Matcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

import orbat.extract.prose  # noqa: F401  (registers the rules' triggers)
from orbat.extract.prose import engine
from orbat.extract.prose.document import read
from orbat.extract.prose.mentions import (
    ORG,
    PLACE,
    SUBJECT,
    Knowledge,
    _namey,
    annotate,
    tokens_of,
)
from orbat.extract.prose.sentences import nlp, parse
from orbat.model import EntityRef, Kind
from orbat.parse.structure import Paragraph
from orbat.parse.textmap import MappedText
from test_prose_speed import _trigger_words

TEXTS = [
    "The National Defence Forces (NDF) fought in Homs. The NDF's Homs branch was led by "
    "Brig. Gen. Hawash Mohammed, and the force's 9th Mountain Brigade held al-Hasakah.",
    "Ba'athist Syria backed the group; IKEA Canada did not. The 800-strong unit, called "
    '"Lionesses of National Defense", was formed in June 2013 by Lee Byung-chul.',
    "  Leading spaces,\tand tabs\n\nand U.S. advisers. The group trained them. “Quoted” words.",
    "",
]


def _knowledge() -> Knowledge:
    subject = EntityRef("National Defence Forces", Kind.ORGANISATION)
    k = Knowledge(subject)
    k.add(subject.name, subject, SUBJECT)
    k.add("NDF", subject, SUBJECT)
    k.add("Syria", EntityRef("Syria", Kind.PLACE), PLACE)
    k.add("Homs", EntityRef("Homs", Kind.PLACE), PLACE)
    k.add("National Defense", EntityRef("National Defense", Kind.ORGANISATION), ORG)
    k.add("Defence Forces", EntityRef("Defence Forces", Kind.ORGANISATION), ORG)
    k.add("IKEA", EntityRef("IKEA", Kind.ORGANISATION), ORG)
    return k


def _ruler_names(doc: Doc, k: Knowledge) -> list[tuple[int, int, str]]:
    """The names an EntityRuler fed the same patterns writes into doc.ents."""
    ruler = EntityRuler(nlp(), phrase_matcher_attr="LOWER", overwrite_ents=True)
    patterns = []
    for spelling, key in k._spellings.items():
        ref, label = k._names[key]
        patterns.append({"label": label, "pattern": spelling, "id": ref.id})
    ruler.add_patterns(patterns)
    doc.ents = ()
    doc = ruler(doc)
    return [(e.start, e.end, e.ent_id_) for e in doc.ents]


def _word_soup(n: int, seed: int, words: list[str]) -> list[str]:
    rnd = random.Random(seed)
    return [" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 200))) for _ in range(n)]


def test_names_found_as_the_entity_ruler_finds_them() -> None:
    k = _knowledge()
    words = [w for s in k._spellings for w in s.split()] + ["the", "of", ",", "Army", "."]
    texts = TEXTS + _word_soup(200, seed=3, words=[w.capitalize() for w in words] + words)
    found = 0
    for text in texts:
        doc = parse(text)
        expected = _ruler_names(doc, k)
        assert k.matcher()(parse(text)) == expected, text
        found += len(expected)
    assert found > 1000


def test_token_table_holds_what_the_tokens_say() -> None:
    for text in TEXTS + _word_soup(50, seed=5, words=TEXTS[0].split() + TEXTS[2].split(" ")):
        doc = parse(text)
        t = tokens_of(doc)
        assert t is tokens_of(doc)  # made once per Doc
        assert t.text == [tok.text for tok in doc]
        assert t.lower == [tok.lower_ for tok in doc]
        assert [bool(x) for x in t.spaced] == [bool(tok.whitespace_) for tok in doc]
        assert t.sent_start == [bool(tok.is_sent_start) for tok in doc]
        assert [bool(x) for x in t.is_lower] == [tok.is_lower for tok in doc]
        assert [bool(x) for x in t.is_alpha] == [tok.is_alpha for tok in doc]
        assert [bool(x) for x in t.like_num] == [tok.like_num for tok in doc]
        assert t.namey == [_namey(tok.text) for tok in doc]
        for span in doc.sents:  # what document.read slices instead of span.text
            assert text[span.start_char : span.end_char] == span.text


def test_sentences_read_their_text_from_the_paragraph() -> None:
    paragraphs = [Paragraph(MappedText(text), "Lead") for text in TEXTS]
    prose = read(paragraphs, _knowledge())
    assert len(prose.sentences) > 5
    for s in prose.sentences:
        assert s.source == s.doc.text
        assert s.text == s.span.text


def test_annotate_is_a_function_of_doc_and_knowledge() -> None:
    k = _knowledge()
    for text in TEXTS:
        first = annotate(parse(text), k)
        doc = parse(text)
        tokens_of(doc)  # the table made before linking changes nothing
        assert annotate(doc, k) == first
        assert annotate(doc, k) == first  # nor does linking twice
    assert any(m.label == SUBJECT for m in annotate(parse(TEXTS[0]), k))


def _each_trigger_over_the_whole_text(doc: Doc) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for name, texts in engine._TRIGGERS.items():
        m = Matcher(nlp().vocab)
        m.add(name, [engine.compile_pattern(t) for t in texts], greedy="LONGEST")
        for _, start, end in m(doc):
            out[name].append((start, end))
    return {k: sorted(v) for k, v in out.items()}


def test_triggers_matched_in_windows_as_over_the_whole_text() -> None:
    """Long texts sparse in trigger words, so that windows part and stop short of the ends."""
    rnd = random.Random(11)
    vocab = _trigger_words()
    filler = ["the", "group", ",", ".", "Army", "of", "in", "and", "a", "-", "men"] * 6
    texts = [
        " ".join(rnd.choice(vocab + filler) for _ in range(rnd.randint(0, 300))) for _ in range(60)
    ]
    partial = 0
    for text in texts:
        doc = parse(text)
        assert dict(engine.find_triggers(doc)) == _each_trigger_over_the_whole_text(doc), text
        at: dict[int, list[int]] = defaultdict(list)
        for i, w in enumerate(doc.to_array(LOWER).tolist()):
            at[w].append(i)
        for t in engine._triggers().triggers:
            partial += sum(w != (0, len(doc)) for w in t.windows(at, len(doc)))
    assert partial > 1000  # the windows were short of the whole text


def test_windows_reach_every_match() -> None:
    t = next(t for t in engine._triggers().triggers if t.reach >= 5)
    r = t.reach
    word = next(iter(t.anchors or ()))
    n = 50 + 5 * r
    assert t.windows({word: [50, 50 + 3 * r]}, n) == [
        (50 - r + 1, 50 + r),
        (50 + 2 * r + 1, 50 + 4 * r),
    ]
    assert t.windows({word: [50, 51]}, n) == [(50 - r + 1, 51 + r)]  # overlapping: merged
    assert t.windows({word: [0]}, 3) == [(0, 3)]  # clipped to the text
