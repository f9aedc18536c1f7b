"""A redirect page says one thing: its title is another name of its target."""

from __future__ import annotations

import re

from orbat.model import Claim, Document, EntityRef, Extraction, Kind, Source

_TARGET = re.compile(r"#\s*redirect\s*:?\s*\[\[\s*(?P<target>[^\]|#]+)", re.IGNORECASE)


def extract_redirect(doc: Document) -> Extraction:
    m = _TARGET.search(doc.text)
    target = EntityRef(m.group("target").strip().replace("_", " ") if m else doc.title, Kind.OTHER)
    ex = Extraction(document=doc, subject=target)
    ex.entity(target)
    if m and target.name != doc.title:
        start, end = m.span()
        source = Source(doc.id, "Redirect", start, end + 2, doc.text[start : end + 2], "redirect")
        ex.add(Claim(target, "alias", doc.title, source))
    return ex
