"""Resolution over the real data: the seed article and the 2015 dump of 44 infoboxes."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from orbat.names import entity_id
from orbat.resolve.geocode import distance_km, geocode
from orbat.resolve.normalize import split_name

SEED = Path("corpus/seed/National_Defence_Forces.txt")
DUMP = Path("corpus/wikitext/syria_2015_infoboxes.xml")

# Pairs a reader keeps apart; every name is in the seed or the dump.
KEEP_APART = [
    ("Raqqa campaign", "Raqqa"),
    ("Raqqa campaign (2012–2013)", "Raqqa campaign"),
    ("Homs", "Homs Governorate"),
    ("Damascus", "Damascus Governorate"),
    ("Aleppo", "Aleppo Governorate"),
    ("Damascus campaign", "Damascus"),
    ("Aleppo offensive (June–July 2016)", "Aleppo offensive (July–August 2016)"),
    ("1st Qalamoun offensive", "2nd Qalamoun offensive"),
    ("4th Rif Dimashq offensive", "5th Rif Dimashq offensive"),
    ("Palmyra offensive (May 2015)", "Palmyra offensive (July–August 2015)"),
    ("2013 Latakia offensive", "2014 Latakia offensive"),
    ("Southern Damascus offensive (March 2018)", "Southern Damascus offensive (April–May 2018)"),
    ("Deir ez-Zor offensive (January 2016)", "Deir ez-Zor offensive (January 2017)"),
    ("Northwestern Syria campaign", "Northwestern Syria campaign (October 2017–February 2018)"),
    ("Siege of Homs", "Homs campaign"),
    ("Hama campaign", "Homs campaign"),
    ("Hasakah campaign", "Al-Hasakah Governorate campaign (2012–2014)"),
    ("Mujahideen Shura Council (Syria)", "Mujahideen Shura Council (Iraq)"),
    ("Ghuraba al-Sham (jihadist group)", "Ghuraba al-Sham (moderate group)"),
    ("Iraqi insurgency (Iraq War)", "Iraqi insurgency (post-U.S. withdrawal)"),
    ("War in Afghanistan (2001–present)", "War in Afghanistan (1978–present)"),
    ("Al-Qaeda", "Al-Qaeda in Iraq"),
    ("Al-Qaeda", "al-Qaeda insurgency in Yemen"),
    ("Al-Nusra Front", "Al-Nusra Front–Syria Revolutionaries Front conflict"),
    ("Islamic State of Iraq", "Islamic State of Iraq and the Levant"),
    ("Taliban", "Tehrik-i-Taliban Pakistan"),
    ("Syrian civil war", "Syrian Civil War spillover in Lebanon"),
    ("Bashar al-Assad", "Syria"),
    ("National Defence Forces", "Shabiha"),
    ("Air Force", "Iraqi Air Force"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    from orbat.ingest import ingest
    from orbat.resolve.merge import run
    from orbat.store import Store

    path = tmp_path_factory.mktemp("corpus") / "kb.duckdb"
    with Store(path) as store:
        report = ingest(store, [shared / SEED, shared / DUMP])
        assert not report.errors, report.errors[:3]
        run(store)
    return path


def _store(path: Path):  # noqa: ANN202
    from orbat.store import Store

    return Store(path, read_only=True)


def test_one_ndf_with_both_sizes_each_with_its_source(corpus: Path) -> None:
    with _store(corpus) as store:
        found = store.find_entities("National Defence Forces")
        assert len(found) == 1
        ndf = found[0]["entity_id"]
        for name in ("National Defence Forces (Syria)", "National Defense Forces", "NDF"):
            assert store.find_entities(name)[0]["entity_id"] == ndf, name
        sizes = store.claims(subject_id=ndf, prop="size")
        by_value = defaultdict(list)
        for c in sizes:
            by_value[c["value"]["quantity"]].append(c)
        page = "National Defence Forces (Syria)"
        cited = [
            cit
            for c in by_value[100000]
            for s in c["sources"]
            if s["doc_title"] == page
            for cit in s["citations"]
        ]
        assert any("2015" in str(cit.get("date")) for cit in cited), by_value[100000]
        (small,) = by_value[50000]
        assert small["qualifiers"]["point_in_time"]["time"] == "2023"
        assert [s["doc_title"] for s in small["sources"]] == ["National Defence Forces"]


def test_one_al_nusra_and_one_al_qaeda(corpus: Path) -> None:
    with _store(corpus) as store:
        nusra = {
            e["entity_id"]
            for n in ("Al-Nusra Front", "al-Nusra Front")
            for e in store.find_entities(n)
        }
        assert len(nusra) == 1
        qaeda = {e["entity_id"] for n in ("Al-Qaeda", "al-Qaeda") for e in store.find_entities(n)}
        assert len(qaeda) == 1
        jabhat = store.find_entities("Jabhat al-Nusra")
        assert jabhat and jabhat[0]["entity_id"] in nusra


def test_no_two_things_a_reader_keeps_apart_are_merged(corpus: Path) -> None:
    assert len(KEEP_APART) >= 15
    with _store(corpus) as store:
        for a, b in KEEP_APART:
            ea, eb = store.entity(entity_id(a)), store.entity(entity_id(b))
            assert ea is not None, f"{a!r} is not in the knowledge base"
            assert eb is not None, f"{b!r} is not in the knowledge base"
            assert ea["entity_id"] != eb["entity_id"], f"{a!r} and {b!r} were merged"


def test_every_merge_says_why_and_breaks_no_rule(corpus: Path) -> None:
    with _store(corpus) as store:
        rows = store.query(
            "SELECT m.*, e.name, e.kind FROM resolution_members m "
            "JOIN entities e ON e.entity_id = m.entity_id"
        )
        assert rows and all(r["reason"] and r["origin"] == "auto" for r in rows)
        clusters: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            clusters[r["canonical_id"]].append(r)
        for canon, members in clusters.items():
            head = store.query("SELECT name, kind FROM entities WHERE entity_id = ?", [canon])[0]
            everyone = [head, *members]
            kinds = {m["kind"] for m in everyone} - {"other"}
            assert len(kinds) <= 1, everyone
            disamb = {split_name(m["name"]).disambiguator for m in everyone} - {None}
            assert len(disamb) <= 1, everyone


def test_halfaya_geocodes_within_5_km() -> None:
    g = geocode("Halfaya", country="Syria")
    assert g.place is not None
    assert distance_km(g.place.latitude, g.place.longitude, 35.260, 36.606) <= 5


def test_halfaya_place_entity_is_on_the_map(corpus: Path) -> None:
    with _store(corpus) as store:
        (row,) = store.query("SELECT * FROM places WHERE lower(name) = 'halfaya'")
        assert row["status"] == "resolved"
        assert distance_km(row["latitude"], row["longitude"], 35.260, 36.606) <= 5


def test_places_of_the_corpus_are_mostly_on_the_map(corpus: Path) -> None:
    with _store(corpus) as store:
        rows = store.query("SELECT status, count(*) AS n FROM places GROUP BY 1")
        counts = {r["status"]: r["n"] for r in rows}
        assert sum(counts.values()) > 100
        assert counts.get("resolved", 0) >= 0.8 * sum(counts.values())
        palmyra = store.claims(
            subject_id=entity_id("Palmyra offensive (May 2015)"), prop="location"
        )
        assert [c["value_text"] for c in palmyra] == ["Palmyra"]


def test_corrections_survive_reingest(corpus: Path, shared: Path, tmp_path: Path) -> None:
    import shutil

    from orbat.ingest import ingest
    from orbat.resolve.merge import run, user_split
    from orbat.store import Store

    db = tmp_path / "kb.duckdb"
    shutil.copy(corpus, db)
    seed, page = entity_id("National Defence Forces"), entity_id("National Defence Forces (Syria)")
    with Store(db) as store:
        user_split(store, seed, page, "for the test")
    with Store(db) as store:
        ingest(store, [shared / SEED, shared / DUMP])
        run(store)
        assert store.canonical_id(seed) != store.canonical_id(page)
        assert len(store.find_entities("National Defence Forces")) == 2
