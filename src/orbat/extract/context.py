"""What every extractor component receives: the article and the growing extraction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orbat.model import Citation, Claim, EntityRef, Extraction, QualifierValue, Source, Value
from orbat.parse.structure import Article
from orbat.parse.textmap import MappedText

# Values that are markup left-overs, never facts.
JUNK = re.compile(
    r"^(?:\d+\s*px|\d+x\d+px|upright(?:=[\d.]+)?|thumb|frameless|left|right|center|"
    r"(?:file|image):.*|\W*)$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Context:
    article: Article
    extraction: Extraction
    # The document's id hashes its whole text; every claim's source needs it, so once a page.
    _doc_id: str | None = field(default=None, init=False, repr=False, compare=False)
    # What a component derives from the article once and reads for every claim, by its own keys.
    memo: dict[object, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def subject(self) -> EntityRef:
        return self.extraction.subject

    def source(
        self,
        text: MappedText,
        section: str,
        method: str,
        *,
        confidence: float = 1.0,
        citations: tuple[Citation, ...] = (),
    ) -> Source:
        start, end = text.source_span()
        doc = self.article.document
        if self._doc_id is None:
            self._doc_id = doc.id
        return Source(
            doc_id=self._doc_id,
            section=section,
            start=start,
            end=end,
            quote=doc.text[start:end],
            method=method,
            confidence=confidence,
            citations=citations,
        )

    def claim(
        self,
        subject: EntityRef,
        prop: str,
        value: Value,
        source: Source,
        **quals: QualifierValue | None,
    ) -> Claim | None:
        """Add a claim unless its value is junk: a fact without a real value is not stored."""
        if isinstance(value, str) and (not value.strip() or JUNK.match(value.strip())):
            return None
        if isinstance(value, EntityRef) and (not value.name.strip() or JUNK.match(value.name)):
            return None
        q = tuple(sorted((k, v) for k, v in quals.items() if v is not None and v != ""))
        return self.extraction.add(Claim(subject, prop, value, source, q))
