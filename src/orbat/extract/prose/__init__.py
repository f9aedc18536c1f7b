"""Claims from prose, each tied to the sentence it was read from.

The `prose` component runs after the infobox, so that everything the infobox
established (the subject's other names, its places, people and battles) is
known when the sentences are read:

1. paragraphs are split into sentences with spaCy's blank English tokenizer
   (no model, no network) and a sentence splitter that keeps "Brig. Gen."
   whole (`sentences`);
2. times are resolved in document order ("by August" after "June 2013")
   (`timex`);
3. mentions are linked with a phrase matcher built from the document's own
   knowledge, a GeoNames gazetteer and capitalised runs (`mentions`);
4. definition rules read names, acronyms and sub-units, which grow that
   knowledge; mentions are linked again;
5. relation rules, one module per family of properties (`rules/`), turn
   trigger phrases (a spaCy Matcher) and the clause's subject (`clauses`)
   into claims, dropping denied statements and marking reported ones
   (`hedging`).

Every claim cites its sentence (a span of the stored text, so the same code
serves wikitext pages) and names its rule and confidence in its source.
Extraction is a pure function of the document: the spaCy pipeline and the
gazetteer are shared and read-only, the knowledge is rebuilt per call.
"""

from __future__ import annotations

from orbat.extract.context import Context
from orbat.extract.registry import component
from orbat.model import EntityRef, Kind

from .document import read
from .engine import Emitter, find_triggers
from .lexicon import NAME_UNIT_PREFIXES, ORG_HEADS, UNIT_NOUNS
from .mentions import LABEL_OF_KIND, SUBJECT, Knowledge
from .rules import STAGES
from .rules.names import add_person

__all__ = ["extract_prose"]

# Nouns that never stand for the subject, whatever its name: "the army" is the national army.
_NOT_ANAPHORS = frozenset(["army", "government", "state", "police", "navy", "forces", "units"])


@component("prose", after="infobox")
def extract_prose(ctx: Context) -> None:
    knowledge = knowledge_of(ctx)
    prose = read(ctx.article.paragraphs, knowledge)
    em = Emitter(ctx, knowledge)
    em.triggers = {id(doc): find_triggers(doc) for _, doc in prose.docs}
    # Groups are what the rules read; a person's or a battle's article only yields its names.
    stages = STAGES if ctx.subject.kind in (Kind.ORGANISATION, Kind.OTHER) else STAGES[:1]
    for rules in stages:
        prose.annotate()
        for s in prose.sentences:
            for rule in rules:
                try:
                    rule(s, em)
                except Exception as exc:  # one faulty rule must not lose the document
                    ctx.extraction.warnings.append(
                        f"prose:{rule.__module__.rsplit('.', 1)[-1]}: {type(exc).__name__}: {exc}"
                    )
    see_also(ctx)


def knowledge_of(ctx: Context) -> Knowledge:
    """What the document has established before its prose is read."""
    subject = ctx.subject
    k = Knowledge(subject)
    k.add(subject.name, subject, SUBJECT)
    words_of_name = subject.name.split()
    last = words_of_name[-1] if words_of_name else ""
    if (
        len(words_of_name) >= 2
        and last.lower() in ORG_HEADS | UNIT_NOUNS
        and last.lower() not in _NOT_ANAPHORS
    ):
        k.add(f"the {last}", subject, SUBJECT)  # "the Legion", "the Brigade"
    if len(words_of_name) >= 2 and words_of_name[0].lower() in NAME_UNIT_PREFIXES:
        k.add(" ".join(words_of_name[1:]), subject, SUBJECT)
    ex = ctx.extraction
    for eid, ent in ex.entities.items():
        if eid == subject.id:
            continue
        label = LABEL_OF_KIND[ent.kind]
        ref = EntityRef(ent.name, ent.kind)
        if ent.kind == Kind.PERSON:
            add_person(k, ref)
        else:
            k.add(ent.name, ref, label)
        for alias in ent.aliases:
            k.add(alias, ref, label)
    words: set[str] = set()
    for c in ex.claims:
        if c.subject.id != subject.id:
            continue
        if c.property == "alias" and isinstance(c.value, str):
            k.add(c.value, subject, SUBJECT)
            words.add(c.value.split()[-1].lower() if c.value.split() else "")
        elif c.property == "instance_of" and isinstance(c.value, str):
            words.update(c.value.lower().split()[-1:])
    words.update(subject.name.lower().split()[-1:])
    if words & UNIT_NOUNS:
        k.anaphor_nouns.add("unit")  # a battalion or brigade is "the unit" in its own article
    for w in words:
        for form in (w, w[:-1] if w.endswith("s") else w):
            if form in ORG_HEADS | UNIT_NOUNS and form not in _NOT_ANAPHORS:
                k.anaphor_nouns.add(form)
    return k


def see_also(ctx: Context) -> None:
    """Items of a "See also" section name related articles."""
    for p in ctx.article.paragraphs:
        if p.section.split(" > ")[-1].strip().lower() != "see also":
            continue
        text = p.text.strip()
        if not text.text or len(text.text) > 120:
            continue
        src = ctx.source(text, p.section, "prose:see_also/section", confidence=0.9)
        ctx.claim(ctx.subject, "see_also", text.text, src)
