"""The seed article scored against its gold file, as `orbat eval` defines it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import GOLD, SEED
from orbat.eval import evaluate
from orbat.store import Store


def _infobox_block() -> tuple[int, int]:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("\nInfobox\n")
    return start, text.index("\n\n", start + 1)


def _in_infobox(fact: dict) -> bool:
    text = SEED.read_text(encoding="utf-8")
    lo, hi = _infobox_block()
    evidence = fact.get("evidence") or []
    if not evidence:  # battle-tree facts: their names stand in the infobox
        return fact.get("subject") is not None and fact["subject"] in text[lo:hi]
    return any(lo <= text.find(ev) < hi for ev in evidence if ev in text)


@pytest.fixture(scope="module")
def result(seed_kb: Path, shared: Path) -> dict:
    with Store(seed_kb, read_only=True) as store:
        return evaluate(store, [GOLD / "national_defence_forces.yaml"], shared)


def test_infobox_core_recall(result: dict) -> None:
    gold = yaml.safe_load((GOLD / "national_defence_forces.yaml").read_text())
    infobox_core = [
        f
        for f in gold["facts"]
        if f.get("tier", "core") == "core" and f["property"] != "must_not" and _in_infobox(f)
    ]
    missing = [m for m in result["files"][0]["missing"] if m["tier"] == "core"]
    missing_infobox = [
        m
        for m in missing
        if any(
            m
            == {k: f[k] for k in ("subject", "property", "value", "qualifiers") if k in f}
            | {"tier": "core", "matched_without_evidence": m["matched_without_evidence"]}
            for f in infobox_core
        )
    ]
    recall = 1 - len(missing_infobox) / len(infobox_core)
    assert len(infobox_core) > 40
    assert recall >= 0.95, missing_infobox


def test_precision_provenance_and_must_not(result: dict) -> None:
    f = result["files"][0]
    assert f["ingested"]
    infobox_unexpected = [
        u for u in f["unexpected"] if u["quote"] and _quote_in_infobox(u["quote"])
    ]
    assert infobox_unexpected == []
    assert f["provenance"] >= 0.95
    assert f["must_not_violations"] == 0, f["must_not"]


def _quote_in_infobox(quote: str) -> bool:
    text = SEED.read_text(encoding="utf-8")
    lo, hi = _infobox_block()
    return lo <= text.find(quote) < hi


def test_every_gold_file_evaluates(seed_kb: Path, shared: Path) -> None:
    """`orbat eval` runs on every gold file in ../shared/gold (not-ingested ones score 0)."""
    with Store(seed_kb, read_only=True) as store:
        out = evaluate(store, sorted(GOLD.glob("*.yaml")), shared)
    assert set(out["overall"]) >= {
        "recall_core",
        "recall_extended",
        "precision_closed",
        "provenance",
        "must_not_violations",
    }
    for f in out["files"]:
        assert {"missing", "unexpected", "recall_core"} <= set(f)
