"""`orbat search`: ranked, typo-tolerant, by name, alias or the words of claims."""

from __future__ import annotations

from pathlib import Path

from orbat.model import Claim, Document, EntityRef, Extraction, Kind, Source
from orbat.resolve.merge import run
from orbat.resolve.search import search
from orbat.store import Store


def _page(title: str, claims: list[tuple[str, object]]) -> Extraction:
    lines = [title] + [str(v.name if isinstance(v, EntityRef) else v) for _, v in claims]
    text = "\n".join(lines) + "\n"
    doc = Document(text, title, f"{title}.txt")
    subject = EntityRef(title, Kind.ORGANISATION)
    ex = Extraction(document=doc, subject=subject)
    ex.entity(subject)
    pos = len(title) + 1
    for prop, value in claims:
        shown = value.name if isinstance(value, EntityRef) else str(value)
        ex.add(
            Claim(
                subject, prop, value, Source(doc.id, "Infobox", pos, pos + len(shown), shown, "t")
            )
        )  # type: ignore[arg-type]
        pos += len(shown) + 1
    return ex


def _kb(db: Path) -> Store:
    store = Store(db)
    store.write(
        [
            _page(
                "National Defence Forces",
                [("alias", "NDF"), ("instance_of", "Militia"), ("role", "Counter-insurgency")],
            ),
            _page(
                "National Defence Forces (Syria)",
                [("alias", "National Defence Forces"), ("country", EntityRef("Syria", Kind.PLACE))],
            ),
            _page("Al-Nusra Front", [("alias", "Jabhat al-Nusra"), ("ideology", "Salafism")]),
            _page("Hezbollah", [("instance_of", "Political party")]),
            _page("Kata'ib Hezbollah", [("instance_of", "Militia")]),
        ]
    )
    run(store)
    return store


def test_exact_names_aliases_and_acronyms_rank_first(db: Path) -> None:
    with _kb(db) as store:
        assert search(store, "NDF")[0].name == "National Defence Forces"
        hits = search(store, "Jabhat al-Nusra")
        assert hits[0].name == "Al-Nusra Front" and hits[0].via == "alias" and hits[0].score == 1
        hits = search(store, "Hezbollah")
        assert [h.name for h in hits[:2]] == ["Hezbollah", "Kata'ib Hezbollah"]
        assert hits[0].score > hits[1].score


def test_typos_are_forgiven(db: Path) -> None:
    with _kb(db) as store:
        assert search(store, "natonal defense forse")[0].name == "National Defence Forces"
        assert search(store, "Hizbolah")[0].name == "Hezbollah"
        assert search(store, "nusrah")[0].name == "Al-Nusra Front"


def test_claims_words_find_entities_below_names(db: Path) -> None:
    with _kb(db) as store:
        hits = search(store, "militia")
        assert {h.name for h in hits} >= {"National Defence Forces", "Kata'ib Hezbollah"}
        assert all(h.via == "claim" for h in hits[:2])
        assert search(store, "salafism")[0].name == "Al-Nusra Front"


def test_a_resolved_entity_is_one_hit(db: Path) -> None:
    with _kb(db) as store:
        hits = search(store, "National Defence Forces", limit=10)
        ndf = [h for h in hits if "National Defence" in h.name]
        assert len(ndf) == 1 and ndf[0].name == "National Defence Forces"
        assert len(search(store, "a", limit=2)) <= 2
        assert search(store, "   ") == []
        assert search(store, "zzzzqqqq") == []


def test_underscore_and_percent_are_characters_not_wildcards(db: Path) -> None:
    with _kb(db) as store:
        hit = search(store, "hezb_llah")[0]
        # still found by similarity, but not as a substring match through a LIKE wildcard
        assert hit.name == "Hezbollah" and hit.score < 0.9
        assert all(h.score < 0.9 for h in search(store, "%"))
