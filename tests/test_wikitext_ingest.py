"""The 2015 Syria export end to end: ingest, the NDF page, references, gold scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from orbat.cli import app
from orbat.eval import evaluate
from orbat.ingest import Report, ingest
from orbat.store import Store

SYRIA = Path("corpus/wikitext/syria_2015_infoboxes.xml")
GOLD = Path(__file__).parent / "gold"
NDF = "National Defence Forces (Syria)"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> tuple[Path, Report]:
    path = tmp_path_factory.mktemp("syria") / "kb.duckdb"
    with Store(path) as store:
        report = ingest(store, [shared / SYRIA])
    return path, report


def _claims(kb: tuple[Path, Report], title: str) -> list[dict[str, Any]]:
    with Store(kb[0], read_only=True) as store:
        (doc,) = store.query("SELECT doc_id FROM documents WHERE title = ?", [title])
        return store.claims(doc_id=doc["doc_id"])


def _values(claims: list[dict[str, Any]], prop: str, subject: str | None = None) -> set[str]:
    return {
        c["value_text"]
        for c in claims
        if c["property"] == prop and (subject is None or c["subject_name"] == subject)
    }


def test_every_page_of_the_export_is_ingested(kb: tuple[Path, Report]) -> None:
    _, report = kb
    assert report.errors == [] and report.warnings == []
    assert report.documents_read == 44
    assert report.written.documents == 43  # "Al-Nusra Front" and "al-Nusra Front" are one text
    assert report.written.claims > 1000
    # fields no rule reads are kept as raw claims and counted
    assert {"attacks", "motives", "history", "percent gdp"} <= set(report.unknown_fields)


def test_the_ndf_page(kb: tuple[Path, Report]) -> None:
    claims = _claims(kb, NDF)
    by = {p: [c for c in claims if c["property"] == p and c["subject_name"] == NDF] for p in (
        "inception", "dissolved", "size", "headquarters", "area_of_operations", "commander",
        "allegiance", "alias",
    )}  # fmt: skip
    # dates: "1 November 2012{{spaced ndash}}present" — a start and no end
    (inception,) = by["inception"]
    assert inception["value"]["time"] == "2012-11-01" and by["dissolved"] == []
    # size: "100,000" with no date of its own, dated by its reference
    (size,) = by["size"]
    assert size["value"] == {"quantity": 100000}
    assert size["qualifiers"]["as_of_source_date"]["time"] == "2015-03-28"
    assert size["qualifiers"]["inferred"] == {"string": "as_of_source_date"}
    (citation,) = size["sources"][0]["citations"]
    assert citation["title"] == "The Shia crescendo" and citation["publisher"] == "The Economist"
    assert citation["date"] == "28 March 2015" and citation["access_date"] == "24 June 2015"
    # garrison: "3002 [[Damascus]], [[Syria]] (main HQ) <br /> With elements in: <br /> …"
    (hq,) = by["headquarters"]
    assert hq["value_text"] == "Damascus"
    assert hq["qualifiers"]["note"] == {"string": "main HQ"}
    assert hq["sources"][0]["quote"] == "3002 [[Damascus]], [[Syria]] (main HQ)"
    assert {c["value_text"] for c in by["area_of_operations"]} == {
        f"{g} Governorate"
        for g in ("Aleppo", "Hama", "Latakia", "Tartus", "Homs", "al-Hasakah", "Damascus")
    } | {"As-Suwayda Governorate"}
    # allegiance = [[Syria|Syrian Arab Republic]]: the page it links to, the label an alias
    assert {c["value_text"] for c in by["allegiance"]} == {"Syria"}
    assert "Syrian Arab Republic" in _values(claims, "alias", "Syria")
    assert {c["value_text"] for c in by["alias"]} >= {
        "National Defence Forces",
        "قوات الدفاع الوطني",
    }
    # commanders: commander1 and notable_commanders are empty in this revision
    assert by["commander"] == []


def test_the_ndf_battle_tree(kb: tuple[Path, Report]) -> None:
    claims = _claims(kb, NDF)
    conflicts = _values(claims, "conflict", NDF)
    assert len(conflicts) == 19
    assert {
        "Syrian Civil War",
        "Rif Dimashq Governorate campaign",
        "Rif Dimashq offensive (March–August 2013)",  # [[…|4th Rif Dimashq offensive]]
        "Latakia campaign",  # not linked: named by its text
        "Battle of Qalamoun",  # [[Battle of Qalamoun|1st Qalamoun offensive]]
        "2014 Hama offensive",
    } <= conflicts
    part_of = {(c["subject_name"], c["value_text"]) for c in claims if c["property"] == "part_of"}
    assert {
        ("Al-Qusayr offensive", "Syrian Civil War"),
        ("Rif Dimashq Governorate campaign", "Syrian Civil War"),
        ("Rif Dimashq offensive (March–August 2013)", "Rif Dimashq Governorate campaign"),
        ("Rif Dimashq offensive (April 2014–present)", "Rif Dimashq Governorate campaign"),
        ("2013 Latakia offensive", "Latakia campaign"),
        ("Battle of Qalamoun", "Qalamoun campaign"),
    } <= part_of
    march = "Rif Dimashq offensive (March–August 2013)"
    assert _values(claims, "start", march) == {"2013-03"}
    assert _values(claims, "end", march) == {"2013-08"}
    assert "4th Rif Dimashq offensive" in _values(claims, "alias", march)


# (page, property, value, start of the reference's url, reference date): each claim
# carries the reference that stands right after its item in the raw wikitext.
REFERENCED = [
    (
        NDF,
        "size",
        "100,000",
        "http://www.economist.com/news/middle-east-and-africa/216473",
        "28 March 2015",
    ),
    (
        NDF,
        "part_of",
        "Syrian Arab Army",
        "http://www.globalsecurity.org/military/world/syria/ndf",
        "2012-12-11",
    ),
    (
        NDF,
        "area_of_operations",
        "As-Suwayda Governorate",
        "http://online.wsj.com/article/SB1000142412",
        "26 August 2013",
    ),
    (
        "Liwa Thuwwar al-Raqqa",
        "commander",
        "Abu Diab",
        "http://aranews.net/2014/05/leader-of-raqqa",
        "15 May 2014",
    ),
    (
        "Liwa Thuwwar al-Raqqa",
        "commander",
        "Abu Saif",
        "https://now.mmedia.me/lb/en/reportsfeatures/564212",
        "9 October 2014",
    ),
    # <ref name=mmedia9oct/> and <ref name=ara15may/>: reused names get their definition
    (
        "Liwa Thuwwar al-Raqqa",
        "area_of_operations",
        "Aleppo Governorate",
        "https://now.mmedia.me/lb/en/reportsfeatures/564212",
        "9 October 2014",
    ),
    (
        "Liwa Thuwwar al-Raqqa",
        "opponent",
        "Islamic State of Iraq and the Levant",
        "http://aranews.net/2014/05/leader-of-raqqa",
        "15 May 2014",
    ),
    # "14,000<ref …/>–20,000<ref …/>": both references go with the range
    (
        "Farouq Brigades",
        "size",
        "14,000–20,000",
        "http://www.independent.co.uk/news/world/middle-east/freedom",
        "17 June 2013",
    ),
    (
        "Farouq Brigades",
        "size",
        "14,000–20,000",
        "http://www.bbc.co.uk/news/world-middle-east-22521161",
        "14 May 2013",
    ),
    (
        "Tehrik-i-Taliban Pakistan",
        "size",
        "25,000",
        "http://www.bbc.com/news/world-asia-27133865",
        "25 April 2014",
    ),
    (
        "Jabhat al-Akrad",
        "size",
        "7,000",
        "http://rudaw.net/english/middleeast/syria/11082013",
        "11 August 2013",
    ),
    (
        "New Syrian Forces",
        "size",
        "1,200",
        "http://www.nytimes.com/2015/08/01/world/middleeast/nusra",
        "July 31, 2015",
    ),
    (
        "Sham Legion",
        "inception",
        "2014-03-10",
        "http://carnegieendowment.org/syriaincrisis/?fa=55344",
        "15 April 2014",
    ),
    (
        "Islamic Front (Syria)",
        "size",
        "40,000–70,000",
        "http://www.reuters.com/article/2014/01/09/us-syria",
        "9 January 2014",
    ),
]


@pytest.mark.parametrize(("page", "prop", "value", "url", "date"), REFERENCED)
def test_claims_carry_their_references(
    kb: tuple[Path, Report], page: str, prop: str, value: str, url: str, date: str
) -> None:
    claims = [c for c in _claims(kb, page) if c["property"] == prop and c["value_text"] == value]
    assert claims, (page, prop, value)
    cited = [ci for c in claims for s in c["sources"] for ci in s["citations"]]
    assert any(ci.get("url", "").startswith(url) and ci.get("date") == date for ci in cited)


def test_an_item_without_a_reference_has_none(kb: tuple[Path, Report]) -> None:
    """`[[Syrian Armed Forces]]` follows the ISIL reference on the next line: not its own."""
    claims = _claims(kb, "Liwa Thuwwar al-Raqqa")
    (saf,) = [
        c
        for c in claims
        if c["property"] == "opponent" and c["value_text"] == "Syrian Armed Forces"
    ]
    assert saf["sources"][0]["citations"] == []


def test_show_prints_the_references(kb: tuple[Path, Report]) -> None:
    r = CliRunner().invoke(app, ["show", "--db", str(kb[0]), NDF])
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert "source dated 2015-03-28" in text
    assert "cites: The Shia crescendo — The Economist — 28 March 2015" in text


def test_gold_pages_of_the_export(kb: tuple[Path, Report], shared: Path) -> None:
    golds = sorted(GOLD.glob("*.yaml"))
    assert len(golds) >= 3
    with Store(kb[0], read_only=True) as store:
        out = evaluate(store, golds, root=shared)
    for f in out["files"]:
        assert f["ingested"], f["gold"]
        assert f["recall_core"] >= 0.9, (f["gold"], f["missing"])
        assert f["precision_closed"] == 1.0, (f["gold"], f["unexpected"])
        assert f["provenance"] >= 0.95, f["gold"]
        assert f["must_not_violations"] == 0, f["must_not"]
    overall = out["overall"]
    assert overall["recall_core"] >= 0.95 and overall["recall_extended"] >= 0.8
