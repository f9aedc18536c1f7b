"""Claims from prose (issue 4): scores on the seed and on our own articles, and the guards.

The articles in tests/articles/ were written for these tests in phrasings unlike
the seed's (other verbs, sentence orders and date forms): fictional groups, and one
real group in encyclopedic style. Four of them (Red Valley Front, Mountain Guard of
Kivu, Liwa Fatemiyoun, Black Banner Legion) had their gold written before the
extractor was first run on them; on that first run they scored 0.50–0.79 core
recall, and the general constructions they exposed were then added to the rules.
The thresholds below are what the extractor now reaches, kept so that a change
that loses them fails here; expect lower scores on articles nobody has seen.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import orbat.extract.prose  # noqa: F401  (registers the component)
from conftest import GOLD, SEED
from orbat.eval import evaluate
from orbat.extract import extract, extract_article
from orbat.extract.prose.sentences import parse
from orbat.extract.prose.timex import Timeline
from orbat.extract.registry import pipeline
from orbat.model import Claim, Document, EntityRef, Kind, Quantity
from orbat.parse.structure import Article, Paragraph
from orbat.parse.textmap import MappedText
from orbat.store import Store
from orbat.values.types import Period, Time

ARTICLES = Path(__file__).parent / "articles"


def claims(text: str, title: str = "Test Brigade") -> list[Claim]:
    return extract(Document(text, title, "test")).claims


def article(body: str, title: str = "Test Brigade", infobox: str = "") -> str:
    box = f"Infobox\n{infobox}\n\n" if infobox else ""
    return f"= {title} =\n\n{box}{body}\n"


def about(cs: list[Claim], prop: str, subject: str | None = None) -> list[Claim]:
    return [c for c in cs if c.property == prop and (subject is None or c.subject.name == subject)]


def names(cs: list[Claim]) -> set[str]:
    return {c.value.name if isinstance(c.value, EntityRef) else str(c.value) for c in cs}


# ---------------------------------------------------------------- scores


@pytest.fixture(scope="module")
def seed_scores(seed_kb: Path, shared: Path) -> dict:
    with Store(seed_kb, read_only=True) as store:
        return evaluate(store, [GOLD / "national_defence_forces.yaml"], shared)["files"][0]


def test_seed_scores_over_all_facts(seed_scores: dict) -> None:
    f = seed_scores
    assert f["recall_core"] >= 0.9, f["missing"]
    assert f["recall_extended"] >= 0.7, f["missing"]
    assert f["precision_closed"] >= 0.95, f["unexpected"]
    assert f["provenance"] >= 0.95
    assert f["must_not_violations"] == 0, f["must_not"]


@pytest.fixture(scope="module")
def articles_scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from orbat.ingest import ingest

    path = tmp_path_factory.mktemp("articles") / "kb.duckdb"
    with Store(path) as store:
        report = ingest(store, sorted(ARTICLES.glob("*.txt")))
        assert not report.errors
        return evaluate(store, sorted(ARTICLES.glob("*.yaml")), ARTICLES.parent)


def test_own_articles_have_gold() -> None:
    assert len(list(ARTICLES.glob("*.yaml"))) >= 3
    assert len(list(ARTICLES.glob("*.txt"))) == len(list(ARTICLES.glob("*.yaml")))


def test_own_articles_scores(articles_scores: dict) -> None:
    for f in articles_scores["files"]:
        assert f["ingested"], f["document"]
        assert f["recall_core"] >= 0.9, (f["document"], f["missing"])
        assert f["precision_closed"] >= 0.95, (f["document"], f["unexpected"])
        assert f["provenance"] >= 0.95, f["document"]
        assert f["must_not_violations"] == 0, f["must_not"]
    overall = articles_scores["overall"]
    assert overall["recall_core"] >= 0.95
    assert overall["recall_extended"] >= 0.7


# ---------------------------------------------------------------- the seed's traps


@pytest.fixture(scope="module")
def seed_claims(shared: Path) -> list[Claim]:
    text = SEED.read_text(encoding="utf-8")
    return extract(Document(text, "National Defence Forces", str(SEED))).claims


def test_the_womens_wing_is_not_the_ndfs_size(seed_claims: list[Claim]) -> None:
    ndf_sizes = about(seed_claims, "size", "National Defence Forces")
    assert {c.value.amount for c in ndf_sizes if isinstance(c.value, Quantity)} == {
        50000,
        60000,
        100000,
    }
    wing = about(seed_claims, "size", "Lionesses of National Defense")
    assert [c.value.amount for c in wing] == [500]  # type: ignore[union-attr]


def test_civilian_deaths_are_casualties_not_a_size(seed_claims: list[Claim]) -> None:
    sizes = [c.value for c in seed_claims if c.property == "size"]
    assert all(getattr(q, "amount", None) != 200 for q in sizes)
    deaths = about(seed_claims, "casualties")
    assert [c.value.amount for c in deaths] == [200]  # type: ignore[union-attr]


def test_a_comparison_is_not_an_opponent(seed_claims: list[Claim]) -> None:
    opponents = names(about(seed_claims, "opponent", "National Defence Forces"))
    assert "Syrian Arab Army" not in opponents
    assert {"YPG", "SDF", "Turkey"} <= opponents


def test_the_wings_end_is_not_the_parents(seed_claims: list[Claim]) -> None:
    ended = about(seed_claims, "dissolved")
    assert {
        (c.subject.name, c.value.iso) for c in ended if c.source.method.startswith("prose")
    } == {  # type: ignore[union-attr]
        ("Lionesses of National Defense", "2024-01")
    }


def test_times_in_context(seed_claims: list[Claim]) -> None:
    grew = [c for c in about(seed_claims, "size") if c.source.method == "prose:size/grew_to"]
    assert [(c.value.amount, c.qualifier("point_in_time")) for c in grew] == [  # type: ignore[union-attr]
        (100000, Time(2013, 8))
    ]


def test_incidents_are_entities_with_their_own_claims(seed_claims: list[Claim]) -> None:
    accused = about(seed_claims, "accused_of", "National Defence Forces")
    halfaya = next(c.value for c in accused if "Halfaya" in c.value.name)  # type: ignore[union-attr]
    assert isinstance(halfaya, EntityRef) and halfaya.kind == Kind.INCIDENT
    own = {c.property: c.value for c in seed_claims if c.subject.name == halfaya.name}
    assert own["instance_of"] == "massacre"
    assert own["point_in_time"] == Time(2012, 12)
    assert own["location"] == EntityRef("Halfaya", Kind.PLACE)
    assert all(c.qualifier("hedged") == "accused" for c in accused)


def test_every_prose_claim_cites_its_text(seed_claims: list[Claim]) -> None:
    text = SEED.read_text(encoding="utf-8")
    prose = [c for c in seed_claims if c.source.method.startswith("prose:")]
    assert len(prose) > 40
    for c in prose:
        assert c.source.quote and c.source.quote == text[c.source.start : c.source.end]
        assert 0 < c.source.confidence <= 1
        assert c.source.section != "Infobox"


# ---------------------------------------------------------------- sentences and times


def test_sentences_keep_ranks_and_abbreviations() -> None:
    doc = parse(
        "The unit was led by Brig. Gen. Hawash Mohammed and Lt. Col. J. Smith of the U.S. "
        "Army. It was formed c. 2012. Later it grew."
    )
    sents = [s.text for s in doc.sents]
    assert sents == [
        "The unit was led by Brig. Gen. Hawash Mohammed and Lt. Col. J. Smith of the U.S. Army.",
        "It was formed c. 2012.",
        "Later it grew.",
    ]


def test_yearless_dates_take_the_year_before_them() -> None:
    t = Timeline()
    hits = t.scan("60,000-strong as of June 2013 and 100,000 by August; by March it fell.", 0)
    assert [h.value for h in hits] == [Time(2013, 6), Time(2013, 8), Time(2014, 3)]
    assert [h.prefix for h in hits] == ["as of", "by", "by"]
    later = t.scan("Two years later it had shrunk.", 0)
    assert [h.value for h in later] == [Time(2016)]
    since = Timeline().scan("Since January 2013, the NDF had a wing.", 0)
    assert since[0].value == Period(Time(2013, 1))


# ---------------------------------------------------------------- negation and hedging


def test_denied_and_unevidenced_statements_make_no_claim() -> None:
    cs = claims(
        article(
            "The Test Brigade is an armed group in Syria. The brigade has denied receiving "
            "weapons from Turkey. There is no evidence that Qatar funded the group. "
            "Iran did not train the brigade."
        )
    )
    for prop in ("supported_by", "funded_by", "trained_by"):
        assert about(cs, prop) == [], prop


def test_reported_and_alleged_statements_are_hedged() -> None:
    cs = claims(
        article(
            "The Test Brigade is an armed group in Syria. The group reportedly received "
            "weapons from Qatar. The brigade has been accused of the massacre in Zarzour in "
            "May 2014. According to activists, it numbered 4,000 fighters in 2015."
        )
    )
    (qatar,) = about(cs, "supported_by")
    assert qatar.value == EntityRef("Qatar", Kind.PLACE)
    assert qatar.qualifier("hedged") == "reportedly"
    (massacre,) = about(cs, "accused_of")
    assert massacre.qualifier("hedged") == "accused"
    (size,) = about(cs, "size")
    assert size.qualifier("hedged") == "according to"
    assert size.qualifier("point_in_time") == Time(2015)


def test_an_accusation_against_someone_else_is_not_ours() -> None:
    cs = claims(
        article(
            "The Test Brigade is an armed group in Syria. The brigade accused rebels of the "
            "massacre in Zarzour in May 2014. Rebels killed 20 civilians in Tal Abyad."
        )
    )
    assert about(cs, "accused_of") == []


# ---------------------------------------------------------------- who a sentence is about


def test_other_groups_facts_stay_theirs() -> None:
    cs = claims(
        article(
            "The Test Brigade is an armed group in Syria. Hezbollah was founded in 1985. "
            "The brigade joined an offensive led by Suheil al-Hassan. Samsung Holding is a "
            "company in Seoul. It was founded in 1990 and numbers 300 staff."
        )
    )
    assert about(cs, "inception") == []
    assert about(cs, "commander") == []
    assert about(cs, "size") == []


def test_names_defined_in_the_text_link_mentions() -> None:
    cs = claims(
        article(
            "The Test Brigade (TB; Arabic: لواء الاختبار) is a militia. It received training "
            "from the Islamic Revolutionary Guard Corps (IRGC). In 2014 the TB was trained by "
            "IRGC advisers."
        )
    )
    assert {"TB", "لواء الاختبار"} <= names(about(cs, "alias", "Test Brigade"))
    assert names(about(cs, "trained_by")) == {"Islamic Revolutionary Guard Corps"}
    assert "IRGC" in names(about(cs, "alias", "Islamic Revolutionary Guard Corps"))


def test_extraction_is_pure() -> None:
    """An acronym defined in one document links nothing in the next."""
    a = article("The Test Brigade is a militia. The brigade was trained by IRGC instructors.")
    b = article(
        "The Other Front is a militia. It was trained by the Islamic Revolutionary Guard "
        "Corps (IRGC).",
        title="Other Front",
    )
    first = [c.id for c in claims(a)]
    claims(b, "Other Front")
    again = claims(a)
    assert [c.id for c in again] == first
    assert names(about(again, "trained_by")) == {"IRGC"}


# ---------------------------------------------------------------- wikitext-style offsets


def test_rendered_text_cites_the_raw_text() -> None:
    """Paragraphs of wikitext are rendered text mapped back to raw offsets; claims cite raw."""
    raw = (
        "'''Test Brigade''' was [[Syrian civil war|formed]] on 1 May 2014 "
        "by [[Hezbollah]].<ref>x</ref>"
    )
    spans = ["Test Brigade", " was ", "formed", " on 1 May 2014 by ", "Hezbollah", "."]
    pieces, pos = [], 0
    for piece in spans:  # each rendered piece where it stands in the raw text
        pos = raw.index(piece, pos)
        pieces.append((pos, pos + len(piece)))
        pos += len(piece)
    text = MappedText.concat([MappedText(raw[a:b], a) for a, b in pieces])
    assert text.text == "Test Brigade was formed on 1 May 2014 by Hezbollah."
    doc = Document(raw, "Test Brigade", "test", format="wikitext")
    art = Article(doc, "Test Brigade", paragraphs=[Paragraph(text, "Lead")])
    ex = extract_article(art, ["subject", "prose"])
    (inception,) = about(ex.claims, "inception")
    assert inception.value == Time(2014, 5, 1)
    assert inception.source.quote == raw[3 : raw.index("<ref>")]
    assert names(about(ex.claims, "founded_by")) == {"Hezbollah"}


def test_prose_runs_after_the_infobox() -> None:
    order = [name for name, _ in pipeline()]
    assert order.index("prose") > order.index("infobox")


def test_claims_do_not_depend_on_the_hash_seed(shared: Path) -> None:
    """Same document, different PYTHONHASHSEED: the same claims (extraction is a pure function)."""
    import subprocess
    import sys

    code = (
        "import sys; from orbat.extract import extract; from orbat.sources.files import read_path;"
        "from pathlib import Path;"
        "ex = extract(next(iter(read_path(Path(sys.argv[1])))));"
        "print('\\n'.join(sorted(c.id + c.source.id for c in ex.claims)))"
    )
    outs = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run(
            [sys.executable, "-c", code, str(SEED)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outs.add(run.stdout)
    assert len(outs) == 1
