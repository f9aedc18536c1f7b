"""Extraction: a pure function from a document to its claims.

`extract(document)` touches no database, file or global state, so the same call
runs in one process, in a process pool or in Spark/Dask workers, and gives the
same claims everywhere.
"""

from __future__ import annotations

from orbat.model import Document, EntityRef, Extraction
from orbat.parse.structure import Article

from . import prose as _prose  # noqa: F401  (registers the prose component)
from .context import Context
from .infobox import extract_infobox
from .redirects import extract_redirect
from .registry import component, pipeline
from .subject import subject_kind

REDIRECT = "redirect"

__all__ = ["extract", "extract_article", "parse_document"]

component("infobox", after="subject")(extract_infobox)


def parse_document(doc: Document) -> Article:
    if doc.format == "wikitext":
        from orbat.parse.wikitext import parse_wikitext

        return parse_wikitext(doc)
    from orbat.parse.article import parse_article

    return parse_article(doc)


def extract(doc: Document, components: list[str] | None = None) -> Extraction:
    if doc.format == REDIRECT:
        return extract_redirect(doc)
    return extract_article(parse_document(doc), components)


def extract_article(article: Article, components: list[str] | None = None) -> Extraction:
    subject = EntityRef(article.title, subject_kind(article.infobox_type))
    ex = Extraction(document=article.document, subject=subject)
    ex.entity(subject)
    ctx = Context(article, ex)
    for name, fn in pipeline(components):
        try:
            fn(ctx)
        except Exception as exc:  # a faulty rule must not lose the rest of the document
            ex.warnings.append(f"{name}: {type(exc).__name__}: {exc}")
    return ex
