"""The article's subject: what kind of thing it is, and the names the text gives it."""

from __future__ import annotations

import re

from orbat.model import Kind
from orbat.parse.textmap import MappedText

from .context import Context
from .registry import component

_DISAMBIGUATOR = re.compile(r"^(?P<name>.+?)\s+\((?P<what>[^()]+)\)$")
# Infobox names that say what the subject is; anything else about armed groups is a group.
_KIND_BY_INFOBOX = [
    (re.compile(r"person|officeholder|biography|militant leader", re.I), Kind.PERSON),
    (re.compile(r"military conflict|battle|military operation|civil conflict", re.I), Kind.BATTLE),
    (re.compile(r"settlement|country|province|governorate|city|town|place", re.I), Kind.PLACE),
    (re.compile(r"attack|massacre|event|incident", re.I), Kind.INCIDENT),
]


def subject_kind(infobox_type: str | None) -> Kind:
    for pattern, kind in _KIND_BY_INFOBOX:
        if infobox_type and pattern.search(infobox_type):
            return kind
    return Kind.ORGANISATION


@component("subject")
def title_aliases(ctx: Context) -> None:
    """`National Defence Forces (Syria)` is also known as `National Defence Forces`.

    The claim cites the title where the text holds it (the plain-text format's
    `= Title =` line). A wiki page's title is metadata outside its text: the
    short name is then recorded as a name of the entity, not as a sourced claim.
    """
    for alias, text in ctx.article.aliases:
        ctx.claim(ctx.subject, "alias", alias, ctx.source(text, "Title", "title:alias"))
    title = ctx.article.title
    m = _DISAMBIGUATOR.match(title)
    if not m:
        return
    pos = ctx.article.document.text.find(title)
    if pos < 0:
        ctx.extraction.entities[ctx.subject.id].aliases.add(m.group("name"))
        return
    src = ctx.source(MappedText(title, pos), "Title", "title:disambiguator")
    ctx.claim(ctx.subject, "alias", m.group("name"), src)
