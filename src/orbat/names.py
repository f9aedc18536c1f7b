"""Name normalisation shared by storage keys, lookup and evaluation.

One function decides when two spellings are "the same name"; if lookup and
scoring disagreed about that, scores would not reflect what users see.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹘﹣－"), "-")
_APOSTROPHES = dict.fromkeys(map(ord, "’‘ʼʻʿʾ`´′"), "'")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """NFKC, case-folded, without diacritics, one kind of dash and apostrophe.

    Called for every mention, field and gazetteer entry (a worker's start-up
    alone normalises 130,000 city names), so ASCII takes a shortcut that gives
    the same result: NFKC, NFD and NFC leave it as it is, and it has no
    combining marks; only the backtick among its apostrophes changes.
    Mentions repeat within a page and across pages, hence the cache.
    """
    if name.isascii():
        return " ".join(name.replace("`", "'").lower().split())
    return _normalize_unicode(name)


def _normalize_unicode(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).translate(_DASHES).translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


@lru_cache(maxsize=1 << 16)
def entity_id(name: str) -> str:
    """A stable id for the entity a name denotes before resolution merges it."""
    return "E" + hashlib.sha1(normalize_name(name).encode()).hexdigest()[:15]
