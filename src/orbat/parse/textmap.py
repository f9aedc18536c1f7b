"""Text that remembers where each character came from.

Rendering wikitext (templates, links) changes the text; claims must still cite
offsets in the stored original. A `MappedText` carries, for each character, the
span of the source it was rendered from. Plain-text articles use the identity
map, stored as a single offset to keep it cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MappedText:
    text: str
    base: int = 0  # identity map: character i came from base + i
    starts: Sequence[int] | None = None  # otherwise: per-character source spans
    ends: Sequence[int] | None = None

    def __str__(self) -> str:
        return self.text

    def __len__(self) -> int:
        return len(self.text)

    def source_span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """The span of the stored document that characters [start, end) came from."""
        n = len(self.text)
        if end is None:
            end = n
        if self.starts is None:
            return self.base + start, self.base + (end if end > start else start)
        if not n:
            return self.base, self.base
        # Both ends clamped into the text (comparisons: this runs for every claim and link).
        start = 0 if start < 0 else (n - 1 if start > n - 1 else start)
        last = end - 1 if end - 1 > start else start
        if last > n - 1:
            last = n - 1
        return self.starts[start], self.ends[last]  # type: ignore[index]

    def slice(self, start: int, end: int | None = None) -> MappedText:
        end = len(self.text) if end is None else end
        if self.starts is None:
            return MappedText(self.text[start:end], self.base + start)
        return MappedText(
            self.text[start:end],
            self.base,
            self.starts[start:end],
            self.ends[start:end],  # type: ignore[index]
        )

    def strip(self, chars: str | None = None) -> MappedText:
        text = self.text
        left = len(text) - len(text.lstrip(chars))
        right = len(text.rstrip(chars))
        if left == 0 and right == len(text):
            return self  # nothing to strip; the text is immutable, so no copy is needed
        return self.slice(left, max(left, right))

    def split(self, pattern: str | re.Pattern[str]) -> Iterator[MappedText]:
        """Split on a regex, yielding stripped, non-empty pieces with their maps."""
        pos = 0
        for m in re.finditer(pattern, self.text):
            piece = self.slice(pos, m.start()).strip()
            if piece.text:
                yield piece
            pos = m.end()
        piece = self.slice(pos).strip()
        if piece.text:
            yield piece

    def find(self, sub: str, start: int = 0) -> int:
        return self.text.find(sub, start)

    @classmethod
    def concat(cls, parts: Sequence[MappedText]) -> MappedText:
        text = "".join([p.text for p in parts])  # a list: `join` of a generator builds one
        if _plain_run(parts):
            return cls(text, parts[0].base if parts else 0)
        starts: list[int] = []
        ends: list[int] = []
        for p in parts:
            if p.starts is None:
                starts.extend(range(p.base, p.base + len(p.text)))
                ends.extend(range(p.base + 1, p.base + len(p.text) + 1))
            else:
                starts.extend(p.starts)
                ends.extend(p.ends)  # type: ignore[arg-type]
        return cls(text, 0, starts, ends)

    @classmethod
    def generated(cls, text: str, start: int, end: int) -> MappedText:
        """Text produced by markup (a template's output): every character cites the markup."""
        return cls(text, start, [start] * len(text), [end] * len(text))


def _plain_run(parts: Sequence[MappedText]) -> bool:
    """Whether the parts are identity maps, each starting where the one before ended.

    One pass, rather than one to check the maps and another the offsets: a page
    concatenates the parts of every field value and paragraph.
    """
    pos = None
    for p in parts:
        if p.starts is not None or (pos is not None and p.base != pos):
            return False
        pos = p.base + len(p.text)
    return True
