"""A timeline dates an engagement by every member of its resolved entity."""

from __future__ import annotations

from pathlib import Path

from orbat.model import Claim, Document, EntityRef, Extraction, Kind, Source
from orbat.resolve.merge import user_merge
from orbat.serve.queries import timeline
from orbat.store import Store
from orbat.values.types import Time

GROUP = EntityRef("Desert Hawks Brigade", Kind.ORGANISATION)
NAMED = EntityRef("Battle of Qaryatayn", Kind.BATTLE)  # as the group's infobox names it
DATED = EntityRef("Qaryatayn offensive (2016)", Kind.BATTLE)  # the page that dates it


def _extraction(text: str, title: str, subject: EntityRef, prop: str, value: object) -> Extraction:
    doc = Document(text=text, title=title, origin=f"{title}.txt")
    ex = Extraction(document=doc, subject=subject)
    ex.entity(subject)
    source = Source(doc.id, "Infobox", 0, len(text), text, "test")
    ex.add(Claim(subject, prop, value, source))  # type: ignore[arg-type]
    return ex


def test_engagement_dates_come_from_any_member(tmp_path: Path) -> None:
    with Store(tmp_path / "kb.duckdb") as store:
        store.write(
            [
                _extraction("fought at Qaryatayn", GROUP.name, GROUP, "conflict", NAMED),
                _extraction("began 3 March 2016", DATED.name, DATED, "start", Time(2016, 3, 3)),
            ]
        )
        group_id = GROUP.id

        def engagement() -> dict:
            t = timeline(store, group_id)
            (ev,) = [e for e in t["events"] + t["undated"] if e["lane"] == "Engagements"]
            return ev

        assert engagement()["start"] is None  # two entities: the one named has no date
        user_merge(store, NAMED.id, DATED.id, "the same offensive")
        assert engagement()["start"] == {"time": "2016-03-03", "precision": "day"}


def test_two_engagements_of_one_resolved_battle_are_both_dated(tmp_path: Path) -> None:
    with Store(tmp_path / "kb.duckdb") as store:
        store.write(
            [
                _extraction("fought at Qaryatayn", GROUP.name, GROUP, "conflict", NAMED),
                _extraction("and in the offensive", GROUP.name + " ", GROUP, "conflict", DATED),
                _extraction("began 3 March 2016", DATED.name, DATED, "start", Time(2016, 3, 3)),
            ]
        )
        user_merge(store, NAMED.id, DATED.id, "the same offensive")
        t = timeline(store, GROUP.id)
        engagements = [e for e in t["events"] + t["undated"] if e["lane"] == "Engagements"]
        assert engagements and all(
            e["start"] == {"time": "2016-03-03", "precision": "day"} for e in engagements
        )
