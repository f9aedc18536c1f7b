"""A redirect page says one thing: its title is another name of its target."""

from __future__ import annotations

import re

from orbat.model import Claim, Document, EntityRef, Extraction, Kind, Source

_TARGET = re.compile(r"#\s*redirect\s*:?\s*\[\[\s*(?P<target>[^\]|#]+)", re.IGNORECASE)


def redirect_target(text: str) -> str | None:
    """The page a redirect's text points to, without its #section; None if it names none."""
    m = _TARGET.search(text)
    return _target_name(m) if m else None


def _target_name(m: re.Match[str]) -> str:
    return m.group("target").strip().replace("_", " ")


def extract_redirect(doc: Document) -> Extraction:
    m = _TARGET.search(doc.text)
    target = EntityRef(_target_name(m) if m else doc.title, Kind.OTHER)
    ex = Extraction(document=doc, subject=target)
    ex.entity(target)
    if m and target.name != doc.title:
        start, end = m.start(), _link_end(doc.text, m.end())
        source = Source(doc.id, "Redirect", start, end, doc.text[start:end], "redirect")
        ex.add(Claim(target, "alias", doc.title, source))
    return ex


def _link_end(text: str, after: int) -> int:
    """Where the link ends: after its `]]`, past any #section or label the target stops before."""
    close = text.find("]]", after)
    return close + 2 if close >= 0 else after
