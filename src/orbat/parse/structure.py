"""The parsed shape of an article, common to every input format."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from orbat.model import Citation, Document
from orbat.parse.textmap import MappedText


@dataclass(slots=True)
class InfoboxField:
    """One `key = value` of an infobox. `key` is as written; `name` is normalised."""

    key: str
    value: MappedText
    # Structured values the renderer could recover (list items of a <br>/ubl list,
    # nested `*` lines), in order; empty when the value is a single run of text.
    items: list[MappedText] = field(default_factory=list)
    # References attached to the value or to spans of it: (start, end) in `value`
    # coordinates and the citation.
    citations: list[tuple[int, int, Citation]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return normalize_key(self.key)


@dataclass(slots=True)
class Paragraph:
    """A block of prose (or a list item) with the section it stands in."""

    text: MappedText
    section: str
    citations: list[tuple[int, int, Citation]] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    document: Document
    title: str
    infobox_type: str | None = None
    fields: list[InfoboxField] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    # Names the text itself gives the subject beyond its title (bold lead names, native names).
    aliases: list[tuple[str, MappedText]] = field(default_factory=list)


@lru_cache(maxsize=4096)
def normalize_key(key: str) -> str:
    """`Commander1 Label`, `commander1_label` and `commander 1 label` are one key.

    Remembered: handlers read a field's `name` once per claim, and keys repeat across pages.
    """
    out = key.strip().lower().replace("_", " ").replace("-", " ")
    return " ".join(out.split())
