"""Scoring rules of `orbat eval` that the seed alone would not exercise."""

from __future__ import annotations

from pathlib import Path

import yaml

from orbat.eval import evaluate
from orbat.ingest import ingest
from orbat.names import entity_id
from orbat.resolve.merge import record_override, run
from orbat.store import Store

ARTICLE = """= Alpha Brigade =

Infobox
- Allegiance: Free Beta Army
- Size: 1,200 (2014)
"""
OTHER = """= Free Beta Forces =

Infobox
- Size: 9,000 (2013)
"""


def _gold(tmp: Path, facts: list[dict]) -> Path:
    path = tmp / "gold.yaml"
    doc = {"document": "alpha.txt", "subject": "Alpha Brigade", "closed": ["size"], "facts": facts}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_a_merged_entity_answers_to_the_names_of_its_group(tmp_path: Path) -> None:
    (tmp_path / "alpha.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "fbf.txt").write_text(OTHER, encoding="utf-8")
    gold = _gold(
        tmp_path,
        [
            {
                "property": "allegiance",
                "value": {"entity": "Free Beta Forces"},
                "evidence": ["Free Beta Army"],
            }
        ],
    )
    with Store(tmp_path / "kb.duckdb") as store:
        ingest(store, [tmp_path / "alpha.txt", tmp_path / "fbf.txt"])
        before = evaluate(store, [gold], tmp_path)["overall"]["recall_core"]
        # Nothing in the text says the two names are one army until a user merges them.
        record_override(store, entity_id("Free Beta Army"), entity_id("Free Beta Forces"), "merge")
        run(store, places=False)
        after = evaluate(store, [gold], tmp_path)["overall"]["recall_core"]
    assert (before, after) == (0.0, 1.0)


def test_precision_counts_claims_outside_the_gold_and_span_must_overlap(tmp_path: Path) -> None:
    (tmp_path / "alpha.txt").write_text(ARTICLE, encoding="utf-8")
    gold = _gold(
        tmp_path,
        [
            {
                "property": "size",
                "value": {"quantity": 1200},
                "qualifiers": {"point_in_time": "2014"},
                "evidence": ["Allegiance"],
            },  # the right value, cited from the wrong place
        ],
    )
    with Store(tmp_path / "kb.duckdb") as store:
        ingest(store, [tmp_path / "alpha.txt"])
        f = evaluate(store, [gold], tmp_path)["files"][0]
    assert f["recall_core"] == 0.0  # matched by value, but the cited span misses the evidence
    assert f["provenance"] == 0.0
    assert f["precision_closed"] == 1.0
