"""A page's own references (`<ref>`, `{{cite …}}`, `{{sfn}}`) as `Citation`s.

A claim read from an infobox is only as good as the source the editors gave
for it, and a size with no date of its own is dated by its source; so every
reference keeps its url, title, publisher or work, date and access date.
A reused `<ref name=x/>` gets the citation its definition gave, wherever on
the page that definition stands.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mwparserfromhell.nodes import ExternalLink, Tag, Template
from mwparserfromhell.wikicode import Wikicode

from orbat.model import Citation
from orbat.parse.templates import Tpl, code_text, parse_code, template_name

if TYPE_CHECKING:
    from orbat.parse.wikitext import Renderer

_WORK = ("work", "website", "newspaper", "magazine", "journal", "periodical", "encyclopedia")
_PUBLISHER = ("publisher", "agency", "institution", "via")
_BARE_URL = re.compile(r"https?://[^\s\]|<>\"]+")


def citation_from_cite(r: Renderer, t: Tpl, name: str | None = None) -> Citation:
    def get(*keys: str) -> str | None:
        arg = t.arg(*keys)
        if arg is None:
            return None
        text = " ".join(r.plain(arg[0], arg[1]).split())
        return text or None

    url = t.arg("url", "chapter-url", "chapterurl", "archive-url", "archiveurl")
    return Citation(
        url=str(url[0]).strip() if url is not None else None,  # as written: never rendered
        title=get("title", "trans-title", "script-title", "chapter"),
        publisher=get(*_PUBLISHER),
        work=get(*_WORK),
        date=get("date", "publication-date", "year", "orig-date"),
        access_date=get("access-date", "accessdate"),
        name=name,
    )


def citation_from_content(r: Renderer, content: Wikicode, name: str | None = None) -> Citation:
    """A `<ref>`'s content: its citation template, or free text with its first link."""
    for node in content.nodes:
        if not isinstance(node, Template):
            continue
        tname = template_name(code_text(node.name))
        if tname.startswith(("cite ", "vcite ")) or tname in ("cite", "citation"):
            return citation_from_cite(r, Tpl(node, 0, r.size), name)
    text = " ".join(r.plain(content, 0).split()) or None
    url = title = None
    # The first link in document order; the lazy walk stops there instead of listing all.
    link = next(content.ifilter_external_links(recursive=True), None)
    if link is not None:
        url = str(link.url).strip()
        if isinstance(link, ExternalLink) and link.title is not None:
            title = " ".join(r.plain(link.title, 0).split()) or None
    if url is None:
        m = _BARE_URL.search(str(content))
        url = m.group(0) if m else None
    if text is not None and url is not None and text == url:
        text = None
    return Citation(url=url, title=title, date=_free_date(text), text=text, name=name)


_ACCESSED = re.compile(r"(?:retrieved|accessed|archived|access date)\W*(?:on\W*)?$", re.I)


def _free_date(text: str | None) -> str | None:
    """The date a free-text reference gives its source: the last one, not when it was read."""
    if not text:
        return None
    from orbat.values import Time, find_times

    dates = [
        text[s:e]
        for when, s, e in find_times(text)
        if isinstance(when, Time) and not _ACCESSED.search(text[max(0, s - 20) : s])
    ]
    return dates[-1] if dates else None


def ref_name(tag: Tag) -> str | None:
    """The `name` of a `<ref>`: its last `name` attribute's value, as `tag.get("name")` gives.

    One pass over the attributes, each name compared as text, rather than `has`
    and then `get`, which compare each attribute by building its string twice.
    """
    found = None
    for attr in tag._attrs:  # private attributes, as `Renderer.size` reads them
        if code_text(attr._name) == "name":
            found = attr
    if found is None:
        return None
    value = found._value
    text = code_text(value) if value is not None else str(value)  # a bare `name`: "None"
    text = text.strip().strip("\"'").strip()
    return " ".join(text.split()) or None


_NAMED_REF = re.compile(
    r"<ref\b(?P<attrs>[^<>]*?\bname\s*=\s*(?P<name>\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'/<>]+)[^<>]*?)"
    r"(?<!/)>(?P<content>.*?)</ref\s*>",
    re.S | re.I,
)


def named_refs(r: Renderer, text: str) -> dict[str, Citation]:
    """Every named reference defined on the page; the first definition of a name wins.

    Found by a scan of the raw text rather than of the parse tree: a definition
    may stand anywhere (in the prose, after its reuses in the infobox), and
    only the definitions themselves need parsing.
    """
    out: dict[str, Citation] = {}
    for m in _NAMED_REF.finditer(text):
        name = " ".join(m.group("name").strip("\"'").split())
        content = m.group("content")
        if name and name not in out and content.strip():
            out[name] = citation_from_content(r, parse_code(content), name)
    return out
