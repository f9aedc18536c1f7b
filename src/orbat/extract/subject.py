"""The article's subject: its title, and the names the text gives it."""

from __future__ import annotations

import re

from orbat.parse.textmap import MappedText

from .context import Context
from .registry import component

_DISAMBIGUATOR = re.compile(r"^(?P<name>.+?)\s+\((?P<what>[^()]+)\)$")


@component("subject")
def title_aliases(ctx: Context) -> None:
    """`National Defence Forces (Syria)` is also known as `National Defence Forces`."""
    for alias, text in ctx.article.aliases:
        ctx.claim(ctx.subject, "alias", alias, ctx.source(text, "Title", "title:alias"))
    title = ctx.article.title
    m = _DISAMBIGUATOR.match(title)
    if m:
        pos = ctx.article.document.text.find(title)
        span = MappedText(title, max(pos, 0))
        src = ctx.source(span, "Title", "title:disambiguator")
        ctx.claim(ctx.subject, "alias", m.group("name"), src)
