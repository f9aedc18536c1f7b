"""Sentences with offsets, from spaCy's blank English tokenizer.

A blank pipeline needs no model download, so extraction stays offline and
deterministic. spaCy's stock sentencizer splits after every full stop, which
cuts "Brig. Gen. Hawash Mohammed" in three; here titles, ranks and initials are
kept whole as tokens, and an abbreviation ends a sentence only when what
follows plainly starts a new one.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc


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
_STARTERS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "By",
        "Since",
        "From",
        "During",
        "After",
        "Before",
        "Its",
        "It",
        "This",
        "These",
        "Those",
        "They",
        "He",
        "She",
        "According",
        "However",
        "Although",
        "While",
        "When",
        "Following",
        "Despite",
        "Some",
        "Many",
        "Several",
    ]
)


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
    """Mark sentence starts: after . ! ? (and closing quotes), before a non-lowercase token."""
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
                    and nxt.text not in _STARTERS
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


def _is_single_initial(text: str) -> bool:
    return len(text) == 2 and text[0].isupper() and text[1] == "."


def parse(text: str) -> Doc:
    return nlp()(text)
