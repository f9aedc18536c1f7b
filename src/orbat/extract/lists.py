"""Splitting an infobox value into its items.

Wikitext gives items explicitly (`<br>`, `{{ubl}}`, `*` lines); the plain-text
format flattens them into commas. Commas inside brackets never split.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from orbat.parse.structure import InfoboxField
from orbat.parse.textmap import MappedText

_STARS = re.compile(r"^[*#]+\s*")


def split_items(
    text: MappedText, seps: str = ",;", protect: Sequence[tuple[int, int]] = ()
) -> list[MappedText]:
    """Split at separators outside brackets and outside `protect`ed source spans (link labels).

    A wikilink's label is one name however it is punctuated:
    `[[George W. Casey, Jr.]]` is one commander, not two.
    """
    out: list[MappedText] = []
    depth = 0
    start = 0
    s = text.text
    for i, ch in enumerate(s):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            if protect and _inside(text, i, protect):
                continue
            piece = text.slice(start, i).strip()
            if piece.text:
                out.append(piece)
            start = i + 1
    piece = text.slice(start).strip()
    if piece.text:
        out.append(piece)
    return out


def _inside(text: MappedText, i: int, spans: Sequence[tuple[int, int]]) -> bool:
    at = text.source_span(i, i + 1)[0]
    return any(lo <= at < hi for lo, hi in spans)


def link_spans(field: InfoboxField) -> list[tuple[int, int]]:
    return [(link.lo, link.hi) for link in getattr(field, "links", None) or []]


def field_items(
    field: InfoboxField, seps: str = ",;", *, keep_stars: bool = False
) -> list[MappedText]:
    """The items of a field: the parser's own list when it has one, else split text.

    List markers (`*`, `**`) are dropped unless `keep_stars` (a battle tree
    needs them for depth); an item that is only a bracketed remark, as
    editors put a date on the line below a value, joins the item above.
    """
    protect = link_spans(field)
    pieces = merge_remarks(field.items) if field.items else [field.value]
    out: list[MappedText] = []
    for item in pieces:
        if not keep_stars:
            m = _STARS.match(item.text)
            if m:
                item = item.slice(m.end())
        out.extend(split_items(item, seps, protect))
    return out


def merge_remarks(items: list[MappedText]) -> list[MappedText]:
    """`35,000 (own claim)` + `(June 2013)` on the next line → one item."""
    out: list[MappedText] = []
    for item in items:
        text = item.text.strip()
        if out and text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
            prev = out[-1]
            lo = item.source_span()[0]
            out[-1] = MappedText.concat([prev, MappedText.generated(" ", lo, lo), item])
            continue
        out.append(item)
    return out


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


_AND = re.compile(r",?\s+and\s+")


def split_linked_and(text: MappedText, links: Sequence[tuple[int, int]]) -> list[MappedText]:
    """`the [[Syrian Civil War]] and [[Iraqi insurgency]]` → two items.

    Only between two links: an unlinked name may hold its own "and"
    (`Daraa and As-Suwayda offensive`), and so may a link's label.
    """
    if not links:
        return [text]
    out: list[MappedText] = []
    start = 0
    for m in _AND.finditer(text.text):
        if _inside(text, m.start(), links):
            continue
        left, right = text.slice(start, m.start()), text.slice(m.end())
        if _has_link(left, links) and _has_link(right, links):
            out.append(left.strip())
            start = m.end()
    out.append(text.slice(start).strip())
    return [piece for piece in out if piece.text]


def _has_link(text: MappedText, links: Sequence[tuple[int, int]]) -> bool:
    if not text.text.strip():
        return False
    lo, hi = text.strip().source_span()
    return any(lo < l_hi and l_lo < hi for l_lo, l_hi in links)


def strip_stars(text: MappedText) -> MappedText:
    m = _STARS.match(text.text)
    return text.slice(m.end()) if m else text


def strip_parentheticals(text: MappedText) -> tuple[MappedText, list[MappedText]]:
    """`Zahran Alloush (spokesperson) (Liwa al-Islam)` → (`Zahran Alloush`, [both remarks])."""
    notes: list[MappedText] = []
    while True:
        core, note = strip_parenthetical(text)
        if note is None or not core.text:
            return text, notes
        notes.insert(0, note)
        text = core


def strip_parenthetical(text: MappedText) -> tuple[MappedText, MappedText | None]:
    """`Damascus (main HQ)` → (`Damascus`, `main HQ`)."""
    s = text.text.rstrip()
    if s.endswith(")") and "(" in s:
        depth = 0
        for i in range(len(s) - 1, -1, -1):
            if s[i] == ")":
                depth += 1
            elif s[i] == "(":
                depth -= 1
                if depth == 0:
                    return text.slice(0, i).strip(), text.slice(i + 1, len(s) - 1).strip()
    return text, None
