"""Splitting an infobox value into its items.

Wikitext gives items explicitly (`<br>`, `{{ubl}}`, `*` lines); the plain-text
format flattens them into commas. Commas inside brackets never split.
"""

from __future__ import annotations

from orbat.parse.structure import InfoboxField
from orbat.parse.textmap import MappedText


def split_items(text: MappedText, seps: str = ",;") -> list[MappedText]:
    """Split at separators outside brackets; drop empty pieces."""
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
            piece = text.slice(start, i).strip()
            if piece.text:
                out.append(piece)
            start = i + 1
    piece = text.slice(start).strip()
    if piece.text:
        out.append(piece)
    return out


def field_items(field: InfoboxField, seps: str = ",;") -> list[MappedText]:
    """The items of a field: the parser's own list when it has one, else split text."""
    if field.items:
        return [piece for item in field.items for piece in split_items(item, seps)]
    return split_items(field.value, seps)


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
