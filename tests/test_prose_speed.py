"""The shortcuts that make prose extraction cheaper find exactly what the plain way finds.

Triggers are matched per trigger, and only where their required words occur;
sentence marks are written in one call; mentions are relinked only when the
knowledge changed. Each is checked here against the straightforward version.
"""

from __future__ import annotations

import random
from collections import defaultdict

from spacy.matcher import Matcher
from spacy.tokens import Doc

import orbat.extract.prose  # noqa: F401  (registers the rules' triggers)
from orbat.extract.prose import engine
from orbat.extract.prose.lexicon import SENTENCE_STARTERS
from orbat.extract.prose.mentions import ORG, PLACE, Knowledge
from orbat.extract.prose.sentences import (
    FINAL_ABBREVIATIONS,
    _is_single_initial,
    nlp,
    parse,
    split_sentences,
)
from orbat.model import EntityRef, Kind

SENTENCES = [
    "The brigade received training from Russian advisers and was later deployed to Aleppo.",
    "In 2014 the group clashed with rival factions and fought against the Islamic State.",
    "It was formed in 2012 and is led by Colonel Suheil al-Hassan. It operates in Hama.",
    "The unit is composed mainly of volunteers drawn from Latakia, according to reports.",
    "Iran provided weapons and advisers to the force, which was backed by Hezbollah.",
    "",
]


def _trigger_words() -> list[str]:
    words: set[str] = set()
    for texts in engine._TRIGGERS.values():
        for text in texts:
            for token in engine.compile_pattern(text):
                value = token.get("LOWER")
                if isinstance(value, str):
                    words.add(value)
                elif isinstance(value, dict):
                    words.update(value["IN"])
    return sorted(words)


def _word_soup(n: int, seed: int) -> list[str]:
    """Texts dense in trigger words, so that triggers overlap and compete."""
    rnd = random.Random(seed)
    vocab = [*_trigger_words(), "the", "group", ",", ".", "Army", "of", "in"]
    return [" ".join(rnd.choice(vocab) for _ in range(rnd.randint(0, 30))) for _ in range(n)]


def _one_matcher_triggers(doc: Doc) -> dict[str, list[tuple[int, int]]]:
    """All triggers in one Matcher, run over the whole text: what find_triggers replaces."""
    m = Matcher(nlp().vocab)
    for name, texts in engine._TRIGGERS.items():
        m.add(name, [engine.compile_pattern(t) for t in texts], greedy="LONGEST")
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for key, start, end in m(doc):
        out[doc.vocab.strings[key]].append((start, end))
    return {k: sorted(v) for k, v in out.items()}


def test_triggers_match_as_one_matcher_would() -> None:
    texts = SENTENCES + _word_soup(300, seed=7)
    found = 0
    for text in texts:
        doc = parse(text)
        expected = _one_matcher_triggers(doc)
        assert dict(engine.find_triggers(doc)) == expected, text
        found += bool(expected)
    assert found > 250


def test_optional_tokens_need_no_word() -> None:
    needs = engine._needed_words(engine.compile_pattern("receive~ *3 training? from|by"))
    assert len(needs) == 2  # "receive~" and "from|by"; "*3" and "training?" may be absent
    assert len(needs[0]) == 4 and len(needs[1]) == 2


def _split_token_by_token(doc: Doc) -> Doc:
    """The splitter as first written, one token write at a time."""
    if len(doc) == 0:
        return doc
    final = set(FINAL_ABBREVIATIONS)
    doc[0].is_sent_start = True
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        if i > 0 and doc[i].is_sent_start is None:
            doc[i].is_sent_start = False
        end = None
        if tok.text in (".", "!", "?", "…") or (tok.text.endswith(".") and tok.text in final):
            end = i + 1
            while end < n and doc[end].text in ('"', "”", "’", "'", ")", "]"):
                end += 1
            if end < n:
                nxt = doc[end]
                abbrev = tok.text != "." and tok.text not in ("!", "?", "…")
                if (
                    abbrev
                    and nxt.text not in SENTENCE_STARTERS
                    or nxt.text[:1].islower()
                    or nxt.is_punct
                    and nxt.text not in ('"', "“", "(")
                ):
                    end = None
            else:
                end = None
        elif _is_single_initial(tok.text):
            end = None
        if end is not None:
            for j in range(i + 1, end):
                doc[j].is_sent_start = False
            doc[end].is_sent_start = True
            i = end
            continue
        i += 1
    return doc


def test_sentence_marks_as_token_by_token() -> None:
    rnd = random.Random(1)
    pieces = ["Gen.", "U.S.", "The", "the", ".", "!", "?", "…", '"', "”", ")", "]", "'"]
    pieces += ["A.", "J.", "etc.", "(", "“", "a", "Brig.", "x", ",", "They", "Inc.", "..."]
    texts = [*SENTENCES]
    for _ in range(2000):
        texts.append(" ".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 15))))
    for text in texts:
        a, b = nlp().make_doc(text), nlp().make_doc(text)
        if len(a) and rnd.random() < 0.3:  # marks already set are kept or overwritten alike
            for i in range(len(a)):
                mark = rnd.choice([None, True, False])
                a[i].is_sent_start = b[i].is_sent_start = mark
        _split_token_by_token(a)
        split_sentences(b)
        assert [t.is_sent_start for t in a] == [t.is_sent_start for t in b], text


def test_knowledge_state_changes_only_with_what_it_knows() -> None:
    k = Knowledge(EntityRef("Test Brigade", Kind.ORGANISATION))
    k.add("Desert Hawks", EntityRef("Desert Hawks", Kind.ORGANISATION), ORG)
    before = k.state()
    k.add("Desert Hawks", EntityRef("Desert Hawks", Kind.ORGANISATION), ORG)
    assert k.state() == before  # said again: the links made before still hold
    k.add("Hama", EntityRef("Hama", Kind.PLACE), PLACE)
    assert k.state() != before
    after = k.state()
    k.capitalised.add("Latakia")
    assert k.state() != after
