"""Wiki pages (from XML exports and dumps) as documents.

A page's stored text is its raw wikitext, so that offsets and evidence strings
point into exactly what Wikipedia served. A redirect becomes a small document of
its own whose one claim is an alias of its target, with the redirect as source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from orbat.errors import InputError
from orbat.model import Document
from orbat.sources.mediawiki import WikiPage, iter_pages

REDIRECT = "redirect"


def page_document(page: WikiPage, origin: str) -> Document:
    return Document(
        text=page.text,
        title=page.title,
        origin=f"{origin}#{page.title}",
        format=REDIRECT if page.redirect else "wikitext",
        revision_id=str(page.revision_id) if page.revision_id is not None else None,
        revision_timestamp=page.timestamp,
    )


def read_dump(
    path: Path, *, prefilter: Callable[[str, str], bool] | None = None
) -> Iterator[Document | InputError]:
    """Documents of a dump; a broken dump ends with an InputError after its good pages."""
    try:
        for page in iter_pages(path, origin=str(path), prefilter=prefilter):
            if not page.text.strip() and not page.redirect:
                yield InputError(str(path), "the page is empty", page=page.title)
                continue
            yield page_document(page, str(path))
    except InputError as err:
        yield err
