"""Name normalisation shared by storage keys, lookup and evaluation.

One function decides when two spellings are "the same name"; if lookup and
scoring disagreed about that, scores would not reflect what users see.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹘﹣－"), "-")
_APOSTROPHES = dict.fromkeys(map(ord, "’‘ʼʻʿʾ`´′"), "'")
_SPACE = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """NFKC, case-folded, without diacritics, one kind of dash and apostrophe."""
    text = unicodedata.normalize("NFKC", name).translate(_DASHES).translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


def entity_id(name: str) -> str:
    """A stable id for the entity a name denotes before resolution merges it."""
    return "E" + hashlib.sha1(normalize_name(name).encode()).hexdigest()[:15]
