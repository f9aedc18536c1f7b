"""orbat's plain-text article format.

    = Title =
    Infobox
    - Key: Value
    <lead paragraphs>
    == Section ==
    <paragraphs and "- item" lists>

The format is what encyclopedic pages look like once rendered to text; any
article written this way reads the same as the seed.
"""

from __future__ import annotations

import re

from orbat.errors import InputError
from orbat.model import Document
from orbat.parse.structure import Article, InfoboxField, Paragraph
from orbat.parse.textmap import MappedText

_TITLE = re.compile(r"^=(?!=)\s*(?P<title>[^=].*?)\s*=\s*$")
_HEADING = re.compile(r"^(?P<eq>={2,6})\s*(?P<title>.+?)\s*(?P=eq)\s*$")
_INFOBOX = re.compile(r"^infobox\b.*$", re.IGNORECASE)
_FIELD = re.compile(r"^-\s*(?P<key>[^:\n]{1,80}?)\s*:(?:\s(?P<value>.*)|\s*)$")
_ITEM = re.compile(r"^[-*]\s+")
LEAD = "Lead"
INFOBOX = "Infobox"


def parse_article(doc: Document) -> Article:
    lines = _lines(doc.text)
    if not lines:
        raise InputError(doc.origin, "the document is empty", line=1)
    first = next(((n, s, t) for n, s, t in lines if t.strip()), None)
    if first is None:
        raise InputError(doc.origin, "the document holds only white space", line=1)
    n, _, text = first
    m = _TITLE.match(text)
    if not m:
        raise InputError(
            doc.origin,
            f"expected a title line '= Title =', found {text[:60]!r}",
            line=n,
            column=1,
        )
    article = Article(document=doc, title=m.group("title").strip())
    path: list[tuple[int, str]] = []
    in_infobox = False
    for _, start, line in lines[lines.index(first) + 1 :]:
        stripped = line.strip()
        if not stripped:
            in_infobox = False
            continue
        if _INFOBOX.match(stripped) and not article.fields and not article.paragraphs:
            in_infobox = True
            article.infobox_type = stripped[len("infobox") :].strip() or None
            continue
        if in_infobox:
            fm = _FIELD.match(line)
            if fm:
                if fm.group("value") is not None:
                    value = MappedText(line, start).slice(fm.start("value"), fm.end("value"))
                else:
                    value = MappedText("", start + len(line))
                article.fields.append(InfoboxField(fm.group("key"), value.strip()))
                continue
            in_infobox = False
        hm = _HEADING.match(stripped)
        if hm:
            level = len(hm.group("eq"))
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, hm.group("title")))
            continue
        section = " > ".join(t for _, t in path) or LEAD
        body = MappedText(line, start).strip()
        im = _ITEM.match(body.text)
        if im:
            body = body.slice(im.end())
        article.paragraphs.append(Paragraph(body, section))
    return article


def _lines(text: str) -> list[tuple[int, int, str]]:
    """Lines with their 1-based number and start offset, without line breaks."""
    out = []
    pos = 0
    for n, line in enumerate(text.splitlines(keepends=True), 1):
        out.append((n, pos, line.rstrip("\r\n")))
        pos += len(line)
    return out
