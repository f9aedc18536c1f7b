"""Entity resolution on small synthetic knowledge bases: what merges, what never does, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from orbat.model import (
    Citation,
    Claim,
    Document,
    EntityRef,
    Extraction,
    Kind,
    QualifierValue,
    Source,
    Value,
    qualifiers,
)
from orbat.names import entity_id
from orbat.resolve import merge as resolution
from orbat.resolve.candidates import Named, name_candidates
from orbat.resolve.normalize import (
    acronym,
    loose_key,
    markers,
    skeleton,
    split_name,
    strict_key,
    translated_key,
)
from orbat.store import Store
from orbat.values.types import Quantity, Time

ORG, PLACE, BATTLE, PERSON = Kind.ORGANISATION, Kind.PLACE, Kind.BATTLE, Kind.PERSON


class Page:
    """A document about one subject, built claim by claim; every claim cites its own words."""

    def __init__(self, title: str, kind: Kind = ORG) -> None:
        self.title = title
        self.subject = EntityRef(title, kind)
        self.items: list[tuple[EntityRef, str, Value, str, str, dict[str, QualifierValue]]] = []

    def add(
        self,
        prop: str,
        value: Value,
        *,
        text: str | None = None,
        subject: EntityRef | None = None,
        method: str = "test",
        **quals: QualifierValue,
    ) -> Page:
        shown = text or (value.name if isinstance(value, EntityRef) else str(value))
        self.items.append((subject or self.subject, prop, value, shown, method, quals))
        return self

    def extraction(self) -> Extraction:
        lines = [f"= {self.title} =", ""]
        spans = []
        for *_rest, shown, _m, _q in self.items:
            start = sum(len(line) + 1 for line in lines)
            lines.append(f"- {shown}")
            spans.append((start + 2, start + 2 + len(shown)))
        doc = Document("\n".join(lines) + "\n", self.title, f"{self.title}.txt")
        ex = Extraction(document=doc, subject=self.subject)
        ex.entity(self.subject)
        for (subject, prop, value, shown, method, quals), (s, e) in zip(
            self.items, spans, strict=True
        ):
            quals = dict(quals)
            cites = (Citation(title="A report", date=str(quals.pop("cited", ""))),)
            source = Source(doc.id, "Infobox", s, e, shown, method, 1.0, cites)
            ex.add(Claim(subject, prop, value, source, qualifiers(**quals)))
        return ex


def build(db: Path, *pages: Page) -> Store:
    store = Store(db)
    store.write([p.extraction() for p in pages])
    return store


def canonical(store: Store, name: str) -> str:
    return store.canonical_id(entity_id(name))


def same(store: Store, a: str, b: str) -> bool:
    return canonical(store, a) == canonical(store, b)


# ------------------------------------------------------------------ names


def test_name_keys_fold_spelling_but_keep_what_tells_things_apart() -> None:
    assert strict_key("National Defense Forces") == strict_key("National Defence Forces")
    assert strict_key("Al-Qaeda") == strict_key("al Qaeda") == strict_key("al-Qaeda")
    assert strict_key("Deir ez-Zor") == strict_key("Deir Zor")
    assert strict_key("Ar Raqqah") == strict_key("Raqqah")
    assert strict_key("Ba'ath Brigades") == strict_key("Baath Brigades")
    assert split_name("National Defence Forces (Syria)").disambiguator == "syria"
    assert split_name("Harem, Syria").disambiguator == "syria"
    assert split_name("Raqqa campaign (2012–2013)").disambiguator is None
    assert markers("Raqqa campaign (2012–2013)") == {"2012", "2013"}
    assert markers("Aleppo offensive (June–July 2016)") != markers(
        "Aleppo offensive (July–August 2016)"
    )
    assert markers("1st Qalamoun offensive") != markers("2nd Qalamoun offensive")
    assert acronym("National Defence Forces") == "NDF"


def test_transliteration_skeletons_are_general_not_a_list_of_pairs() -> None:
    assert loose_key("Kfar Hod") == loose_key("Kafr Hud")
    assert loose_key("Mhardeh") == loose_key("Muhradah") == loose_key("Maharda")
    assert loose_key("Jobar") == loose_key("Jawbar")
    assert loose_key("Hezbollah") == loose_key("Hizballah")
    assert skeleton("Mohammed") == skeleton("Muhammad")
    assert loose_key("Homs campaign") != loose_key("Hama campaign")
    assert translated_key("Jabhat al-Nusra") == translated_key("Nusra Front")
    assert translated_key("Faylaq al-Sham") == translated_key("Sham Legion")


def test_candidates_come_from_names_aliases_and_arabic_script() -> None:
    a = Named("A", "National Defence Forces (Syria)", "organisation", {"قوات الدفاع الوطني"})
    b = Named("B", "National Defence Forces", "organisation", set())
    c = Named("C", "قوات الدفاع الوطنى", "organisation", set())
    d = Named("D", "Raqqa campaign", "battle", set())
    found = name_candidates([a, b, c, d])
    assert found[("A", "B")].how == "same_name"
    assert found[("A", "C")].how == "arabic"
    assert not any("D" in pair for pair in found)


# ------------------------------------------------------------------ merging


def ndf_pages() -> tuple[Page, Page]:
    seed = Page("National Defence Forces")
    seed.add("alias", "National Defense Forces", method="infobox:unit name")
    seed.add("headquarters", EntityRef("Damascus", PLACE), country=EntityRef("Syria", PLACE))
    seed.add("size", Quantity(amount=50000), text="50,000 (2023)", point_in_time=Time(2023))
    seed.add("inception", Time(2012, 11, 1))
    page = Page("National Defence Forces (Syria)")
    page.add("alias", "National Defence Forces", method="title:disambiguator")
    page.add("country", EntityRef("Syria", PLACE))
    page.add(
        "size",
        Quantity(amount=100000),
        text="100,000",
        as_of_source_date=Time(2015, 3, 28),
        cited="28 March 2015",
    )
    page.add("inception", Time(2012, 11, 1))
    return seed, page


def test_two_pages_of_one_group_become_one_entity_with_both_sizes(db: Path) -> None:
    with build(db, *ndf_pages()) as store:
        report = resolution.run(store)
        found = store.find_entities("National Defence Forces")
        assert len(found) == 1
        assert store.find_entities("National Defence Forces (Syria)") == found
        ndf = found[0]["entity_id"]
        sizes = {c["value_text"]: c for c in store.claims(subject_id=ndf, prop="size")}
        assert set(sizes) == {"50,000", "100,000"}
        assert sizes["50,000"]["sources"][0]["doc_title"] == "National Defence Forces"
        src = sizes["100,000"]["sources"][0]
        assert src["doc_title"] == "National Defence Forces (Syria)"
        assert "2015" in src["citations"][0]["date"]
        # every merge says why
        assert report.merges and all(m.reason for m in report.merges)
        entity = store.entity(ndf)
        assert entity["name"] == "National Defence Forces"
        assert "National Defence Forces (Syria)" in entity["aliases"]
        assert "(syria) fits" in entity["members"][0]["reason"]
        # a spelling nobody wrote still finds it
        assert store.find_entities("National Defense Force")[0]["entity_id"] == ndf


def test_merges_are_recomputed_not_accumulated(db: Path) -> None:
    with build(db, *ndf_pages()) as store:
        first = resolution.run(store)
        second = resolution.run(store)
        assert [m.to_json() for m in first.merges] == [m.to_json() for m in second.merges]
        assert store.query("SELECT count(*) AS n FROM resolution_members")[0]["n"] == 1


def test_different_kinds_never_merge(db: Path) -> None:
    city = Page("Al-Raqqa", PLACE).add("country", EntityRef("Syria", PLACE))
    battle = Page("Raqqa", BATTLE).add("start", Time(2012))
    person = Page("Abu Bakr al-Baghdadi", PERSON).add("alias", "Abu Bakr Baghdadi")
    group = Page("Abu Bakr Baghdadi", ORG)
    with build(db, city, battle, person, group) as store:
        report = resolution.run(store)
        assert not same(store, "Al-Raqqa", "Raqqa")
        assert not same(store, "Abu Bakr al-Baghdadi", "Abu Bakr Baghdadi")
        assert any("different kinds" in r for r in report.refused)


def test_names_with_different_dates_or_ordinals_stay_apart(db: Path) -> None:
    campaign = Page("Raqqa campaign", BATTLE)
    part = Page("Raqqa campaign (2012–2013)", BATTLE).add(
        "part_of", EntityRef("Raqqa campaign", BATTLE)
    )
    first = Page("1st Qalamoun offensive", BATTLE)
    second = Page("2nd Qalamoun offensive", BATTLE)
    june = Page("Aleppo offensive (June–July 2016)", BATTLE)
    july = Page("Aleppo offensive (July–August 2016)", BATTLE)
    with build(db, campaign, part, first, second, june, july) as store:
        resolution.run(store)
        assert not same(store, "Raqqa campaign", "Raqqa campaign (2012–2013)")
        assert not same(store, "1st Qalamoun offensive", "2nd Qalamoun offensive")
        assert not same(
            store, "Aleppo offensive (June–July 2016)", "Aleppo offensive (July–August 2016)"
        )


def test_a_link_display_name_merges_a_battle_named_two_ways(db: Path) -> None:
    seed = Page("National Defence Forces").add("country", EntityRef("Syria", PLACE))
    seed.add("conflict", EntityRef("4th Rif Dimashq offensive", BATTLE))
    seed.add("conflict", EntityRef("5th Rif Dimashq offensive", BATTLE))
    other = Page("National Defence Forces (Syria)").add("country", EntityRef("Syria", PLACE))
    target = EntityRef("Rif Dimashq offensive (March–August 2013)", BATTLE)
    other.add("conflict", target)
    other.add("alias", "4th Rif Dimashq offensive", subject=target, method="infobox:battles")
    with build(db, seed, other) as store:
        resolution.run(store)
        assert same(store, "4th Rif Dimashq offensive", "Rif Dimashq offensive (March–August 2013)")
        assert not same(store, "5th Rif Dimashq offensive", "4th Rif Dimashq offensive")
        reason = store.entity(entity_id("4th Rif Dimashq offensive"))["members"][0]["reason"]
        assert "pages link to" in reason


def test_disambiguated_namesakes_stay_apart_and_a_bare_name_is_not_guessed(db: Path) -> None:
    syria = Page("Mujahideen Shura Council (Syria)").add("country", EntityRef("Syria", PLACE))
    iraq = Page("Mujahideen Shura Council (Iraq)").add("country", EntityRef("Iraq", PLACE))
    mention = Page("Some group").add("ally", EntityRef("Mujahideen Shura Council", ORG))
    with build(db, syria, iraq, mention) as store:
        report = resolution.run(store)
        assert not same(
            store, "Mujahideen Shura Council (Syria)", "Mujahideen Shura Council (Iraq)"
        )
        bare = canonical(store, "Mujahideen Shura Council")
        assert bare == entity_id("Mujahideen Shura Council")
        assert any("ambiguous" in r or "would join" in r for r in report.refused)


def test_country_evidence_picks_the_fitting_namesake(db: Path) -> None:
    syria = Page("Mujahideen Shura Council (Syria)").add("country", EntityRef("Syria", PLACE))
    iraq = Page("Mujahideen Shura Council (Iraq)").add("country", EntityRef("Iraq", PLACE))
    bare = Page("Mujahideen Shura Council").add("headquarters", EntityRef("Baghdad", PLACE))
    bare.add("country", EntityRef("Iraq", PLACE))
    with build(db, syria, iraq, bare) as store:
        resolution.run(store)
        assert same(store, "Mujahideen Shura Council", "Mujahideen Shura Council (Iraq)")
        assert not same(store, "Mujahideen Shura Council", "Mujahideen Shura Council (Syria)")


def test_transliterated_places_merge_when_the_map_agrees(db: Path) -> None:
    a = Page("Massacre in Kfar Hod", Kind.INCIDENT).add("location", EntityRef("Kfar Hod", PLACE))
    a.add("country", EntityRef("Syria", PLACE))
    b = Page("Kafr Hud", PLACE).add("country", EntityRef("Syria", PLACE))
    c = Page("Homs", PLACE).add("country", EntityRef("Syria", PLACE))
    d = Page("Homs Governorate", PLACE).add("country", EntityRef("Syria", PLACE))
    with build(db, a, b, c, d) as store:
        resolution.run(store)
        assert same(store, "Kfar Hod", "Kafr Hud")
        assert not same(store, "Homs", "Homs Governorate")
        reason = store.entity(entity_id("Kafr Hud"))["members"][0]["reason"]
        assert "on the map" in reason


def test_transliterated_and_translated_names_merge(db: Path) -> None:
    a = Page("Jabhat al-Nusra").add("country", EntityRef("Syria", PLACE))
    b = Page("Nusra Front").add("country", EntityRef("Syria", PLACE))
    with build(db, a, b) as store:
        resolution.run(store)
        assert same(store, "Jabhat al-Nusra", "Nusra Front")


# --------------------------------------------------------------- corrections


def test_user_split_and_merge_survive_reingest_and_reruns(db: Path) -> None:
    pages = [*ndf_pages(), Page("Shabiha").add("country", EntityRef("Syria", PLACE))]
    with build(db, *pages) as store:
        resolution.run(store)
        ndf, syr = (
            entity_id("National Defence Forces"),
            entity_id("National Defence Forces (Syria)"),
        )
        assert same(store, "National Defence Forces", "National Defence Forces (Syria)")
        resolution.user_split(store, ndf, syr, "checked: two units")
        assert not same(store, "National Defence Forces", "National Defence Forces (Syria)")
        resolution.user_merge(store, entity_id("Shabiha"), ndf, "incorporated")
        assert same(store, "Shabiha", "National Defence Forces")
    # re-ingest the same documents into the same knowledge base, then resolve again
    with Store(db) as store:
        store.write([p.extraction() for p in pages])
        report = resolution.run(store)
        assert not same(store, "National Defence Forces", "National Defence Forces (Syria)")
        assert same(store, "Shabiha", "National Defence Forces")
        user = [m for m in report.merges if m.origin == "user"]
        assert user and "incorporated" in user[0].reason
        assert any("a user split them" in r for r in report.refused)
        # the newest decision wins
        resolution.user_merge(store, ndf, syr)
        assert same(store, "National Defence Forces", "National Defence Forces (Syria)")


def test_a_split_is_honoured_through_a_third_entity(db: Path) -> None:
    a = Page("Islamic Front (Syria)").add("country", EntityRef("Syria", PLACE))
    b = Page("Islamic Front").add("country", EntityRef("Syria", PLACE))
    c = Page("The Islamic Front").add("country", EntityRef("Syria", PLACE))
    with build(db, a, b, c) as store:
        resolution.run(store)
        assert same(store, "Islamic Front (Syria)", "The Islamic Front")
        resolution.user_split(
            store, entity_id("Islamic Front (Syria)"), entity_id("The Islamic Front")
        )
        assert not same(store, "Islamic Front (Syria)", "The Islamic Front")


# ------------------------------------------------------------------ reading


def _conflict(profile_json: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    return [k for k in profile_json["conflicts"] if k["property"] == prop]


def test_profile_shows_disagreements_side_by_side_with_their_sources(db: Path) -> None:
    from orbat.query import build_profile

    a = Page("Lions Brigade")
    a.add("size", Quantity(amount=60000), text="60,000", point_in_time=Time(2013, 6))
    a.add("size", Quantity(amount=50000), text="50,000 (2023)", point_in_time=Time(2023))
    a.add("inception", Time(2012, 11, 1))
    a.add("commander", EntityRef("Ali Hassan", PERSON), start=Time(2012), end=Time(2014))
    b = Page("Lions Brigade (Syria)")
    b.add("alias", "Lions Brigade", method="title:disambiguator")
    b.add("size", Quantity(amount=70000), text="70,000", point_in_time=Time(2013))
    b.add("size", Quantity(amount=50000), text="50,000", point_in_time=Time(2023))
    b.add("inception", Time(2013))
    b.add("commander", EntityRef("Ali Hassan", PERSON), start=Time(2015), end=Time(2016))
    with build(db, a, b) as store:
        resolution.run(store)
        profile = build_profile(store, entity_id("Lions Brigade (Syria)"))
        data = profile.to_json()
    assert {"entity", "sections", "engagements", "mentioned_by"} <= set(data)
    assert data["entity"]["name"] == "Lions Brigade"
    (size,) = _conflict(data, "size")
    assert {c["value_text"] for c in size["variants"]} == {"60,000", "70,000"}
    assert all(c["sources"] for c in size["variants"])
    # 50,000 (2023) said by both pages is one line with two sources, and no disagreement
    fifty = [c for c in data["sections"]["Size"] if c["value_text"] == "50,000"]
    assert len(fifty) == 1 and len(fifty[0]["sources"]) == 2 and not fifty[0].get("conflicts")
    (inception,) = _conflict(data, "inception")
    assert {c["value_text"] for c in inception["variants"]} == {"2012-11-01", "2013"}
    (commander,) = _conflict(data, "commander")
    assert commander["kind"] == "period"
    times = [g["when"] for g in data["groups"]["size"]]
    assert times == sorted(times, key=lambda w: w[:4]) and "2023" in times


def test_compatible_statements_are_not_disagreements(db: Path) -> None:
    from orbat.query import build_profile

    a = Page("Desert Hawks")
    a.add("inception", Time(2013))
    a.add("size", Quantity(amount=5000), text="5,000", point_in_time=Time(2014))
    a.add("size", Quantity(min=4000, max=6000), text="4,000–6,000", point_in_time=Time(2014, 5))
    a.add("size", Quantity(amount=9000), text="9,000", point_in_time=Time(2016))
    a.add("dissolved", Time(2017, 8))
    a.add("dissolved", Time(2017), text="2017")
    with build(db, a) as store:
        data = build_profile(store, entity_id("Desert Hawks")).to_json()
    assert data["conflicts"] == []


def test_the_cli_corrects_and_searches(db: Path) -> None:
    from typer.testing import CliRunner

    from orbat.cli import app

    with build(db, *ndf_pages(), Page("Shabiha")) as store:
        resolution.run(store)
    runner = CliRunner()
    r = runner.invoke(
        app,
        ["split", "National Defence Forces", "National Defence Forces (Syria)", "--db", str(db)],
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["resolve", "--db", str(db), "--json"])
    assert r.exit_code == 0 and '"merges": []' in r.output
    r = runner.invoke(app, ["merge", "Shabiha", "NDF forces", "--db", str(db)])
    assert r.exit_code == 2
    r = runner.invoke(app, ["search", "natonal defence", "--db", str(db), "--json"])
    assert r.exit_code == 0 and "National Defence Forces" in r.output


@pytest.mark.parametrize("name", ["National Defence Forces", "NATIONAL DEFENCE FORCES"])
def test_find_entities_without_resolution_tables(tmp_path: Path, name: str) -> None:
    """A knowledge base never resolved still reads (every entity is its own canonical)."""
    with build(tmp_path / "kb.duckdb", *ndf_pages()) as store:
        found = store.find_entities(name)
        assert len(found) == 2
        assert store.entity(found[0]["entity_id"])["members"] == []
