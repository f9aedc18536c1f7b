"""Sentences with offsets, from spaCy's blank English tokenizer.

A blank pipeline needs no model download, so extraction stays offline and
deterministic. spaCy's stock sentencizer splits after every full stop, which
cuts "Brig. Gen. Hawash Mohammed" in three; here titles, ranks and initials are
kept whole as tokens, and an abbreviation ends a sentence only when what
follows plainly starts a new one.
"""

from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.attrs import IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import SENTENCE_STARTERS


def _words(text: str) -> list[str]:
    return text.split()


# Abbreviations that never end a sentence: a name, a number or a gloss always follows.
TITLES = _words(
    "Gen. Brig. Lt. Col. Maj. Capt. Cpt. Sgt. Cpl. Pvt. Adm. Cmdr. Cdr. Lieut. Gov. Sen. Rep. "
    "Pres. Amb. Rev. Fr. Sr. Jr. Dr. Mr. Mrs. Ms. Prof. St. Mt. Ft. No. Nos. Nr. "
    "c. ca. approx. est. vs. cf. e.g. i.e. viz. lit. transl. trans. a.k.a. aka. "
    "Col.-Gen. Maj.-Gen. Lt.-Gen. Brig.-Gen. Lt.-Col. "
    "Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec."
)
# Abbreviations that may also close a sentence ("… trained by the U.S. The group …").
FINAL_ABBREVIATIONS = _words("U.S. U.K. U.N. E.U. Inc. Ltd. Co. etc. al. D.C.")


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The shared blank pipeline; built once per process, it holds no document state."""
    import spacy

    pipe = spacy.blank("en")
    for abbr in TITLES + FINAL_ABBREVIATIONS:
        for form in {abbr, abbr.capitalize(), abbr.lower()}:
            pipe.tokenizer.add_special_case(form, [{"ORTH": form}])
    pipe.add_pipe("orbat_sentences")
    return pipe


@Language.component("orbat_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Mark sentence starts: after . ! ? (and closing quotes), before a non-lowercase token.

    The marks are worked out on plain lists and written in one call: setting
    them token by token cost more than tokenizing the text.
    """
    if len(doc) == 0:
        return doc
    doc[0].is_sent_start = True  # refuses a parsed Doc, as writing any mark would
    starts = doc.to_array(SENT_START).view(numpy.int64).tolist()
    strings = doc.vocab.strings
    texts = [strings[orth] for orth in doc.to_array(ORTH).tolist()]  # Token.text, sans Tokens
    _mark_starts(texts, doc.to_array(IS_PUNCT).tolist(), starts)
    doc.from_array([SENT_START], numpy.array(starts, dtype=numpy.int64).view(numpy.uint64))
    return doc


_ENDERS = ("!", "?", "…")
_CLOSERS = ('"', "”", "’", "'", ")", "]")
# Tokens that may end a sentence: every other token is only marked as not starting one.
_STOPS = frozenset([".", *_ENDERS, *FINAL_ABBREVIATIONS])


def _mark_starts(texts: list[str], punct: list[int], starts: list[int]) -> None:
    """Set each token's mark in starts: 1 starts a sentence, -1 does not, 0 is unknown.

    Unknown marks become -1; a mark already set is kept unless a sentence end
    is found before it. Only the tokens that may end a sentence are visited:
    the closing quotes and brackets a sentence end skips are never among them,
    so visiting them in order finds the ends a token-by-token walk finds.
    """
    n = len(texts)
    for i in [k for k, text in enumerate(texts) if text in _STOPS]:
        text = texts[i]
        end = i + 1
        while end < n and texts[end] in _CLOSERS:
            end += 1
        if end >= n:
            continue
        nxt = texts[end]
        abbrev = text != "." and text not in _ENDERS
        if (
            abbrev
            and nxt not in SENTENCE_STARTERS
            or nxt[:1].islower()
            or punct[end]
            and nxt not in ('"', "“", "(")
        ):
            continue
        for j in range(i + 1, end):
            starts[j] = -1
        starts[end] = 1
    starts[1:] = [mark or -1 for mark in starts[1:]]


def _is_single_initial(text: str) -> bool:
    return len(text) == 2 and text[0].isupper() and text[1] == "."


def parse(text: str) -> Doc:
    return nlp()(text)
