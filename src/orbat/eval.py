"""`orbat eval`: scores the knowledge base against gold files (shared/gold/README.md).

A gold fact is *matched* when a claim from its document has the right subject,
property, value and qualifiers; it is *found* when, in addition, the span the
claim cites overlaps an occurrence of one of the fact's evidence strings (facts
without evidence are found when matched). Recall counts found facts; provenance
is the share of matched facts with evidence whose cited span holds it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from orbat.names import normalize_name
from orbat.store import Store
from orbat.vocabulary import QUALIFIER_TYPES, value_kind


@dataclass
class FactResult:
    fact: dict[str, Any]
    tier: str
    matched: bool
    found: bool


@dataclass
class FileResult:
    gold: str
    document: str
    doc_id: str | None
    ingested: bool
    facts: list[FactResult] = field(default_factory=list)
    closed_total: int = 0
    closed_matching: int = 0
    unexpected: list[dict[str, Any]] = field(default_factory=list)
    must_not_violations: list[dict[str, Any]] = field(default_factory=list)

    def scores(self) -> dict[str, Any]:
        return _scores(
            self.facts, self.closed_total, self.closed_matching, len(self.must_not_violations)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "document": self.document,
            "doc_id": self.doc_id,
            "ingested": self.ingested,
            **self.scores(),
            "missing": [
                _fact_label(r.fact) | {"tier": r.tier, "matched_without_evidence": r.matched}
                for r in self.facts
                if not r.found
            ],
            "unexpected": self.unexpected,
            "must_not": self.must_not_violations,
        }


def _scores(
    facts: list[FactResult], closed_total: int, closed_matching: int, violations: int
) -> dict[str, Any]:
    def recall(tier: str) -> float | None:
        rs = [r for r in facts if r.tier == tier]
        return round(sum(r.found for r in rs) / len(rs), 4) if rs else None

    with_ev = [r for r in facts if r.fact.get("evidence") and r.matched]
    return {
        "recall_core": recall("core"),
        "recall_extended": recall("extended"),
        "precision_closed": round(closed_matching / closed_total, 4) if closed_total else 1.0,
        "provenance": round(sum(r.found for r in with_ev) / len(with_ev), 4) if with_ev else 1.0,
        "must_not_violations": violations,
        "facts": len(facts),
        "found": sum(r.found for r in facts),
    }


def evaluate(store: Store, gold_paths: list[Path], root: Path) -> dict[str, Any]:
    files = [evaluate_file(store, p, root) for p in gold_paths]
    all_facts = [r for f in files for r in f.facts]
    overall = _scores(
        all_facts,
        sum(f.closed_total for f in files),
        sum(f.closed_matching for f in files),
        sum(len(f.must_not_violations) for f in files),
    )
    return {"files": [f.to_json() for f in files], "overall": overall}


def load_gold(path: Path) -> dict[str, Any]:
    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(gold, dict) or "document" not in gold or "facts" not in gold:
        raise ValueError(f"{path}: a gold file needs `document`, `subject` and `facts`")
    return gold


def document_text(root: Path, document: str) -> str:
    """The stored text of a gold document: a file, or `path#Page title` in a dump."""
    from orbat.sources.files import decode_text

    path, _, page = document.partition("#")
    if not page:
        return decode_text(root / path)
    from orbat.sources.mediawiki import iter_pages

    for p in iter_pages(root / path, namespaces=None):
        if p.title == page:
            return p.text
    raise ValueError(f"{root / path}: no page titled {page!r}")


def evaluate_file(store: Store, gold_path: Path, root: Path) -> FileResult:
    import hashlib

    gold = load_gold(gold_path)
    text = document_text(root, gold["document"])
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    ingested = store.document(doc_id) is not None
    result = FileResult(str(gold_path), gold["document"], doc_id, ingested)
    facts = [f for f in gold["facts"] if f.get("property") != "must_not"]
    must_not = [f for f in gold["facts"] if f.get("property") == "must_not"]
    claims = store.claims(doc_id=doc_id) if ingested else []
    kb = _KB(store, claims, doc_id)
    subject = gold.get("subject") or ""

    for fact in facts:
        tier = fact.get("tier", "core")
        candidates = [
            c
            for c in kb.by_property.get(fact["property"], [])
            if kb.names_match(c["subject_id"], fact.get("subject") or subject)
            and kb.value_matches(c, fact["property"], fact["value"])
            and kb.qualifiers_match(c, fact.get("qualifiers") or {})
        ]
        matched = bool(candidates)
        evidence = fact.get("evidence") or []
        if not evidence:
            found = matched
        else:
            occurrences = [
                (m.start(), m.end()) for ev in evidence for m in re.finditer(re.escape(ev), text)
            ]
            found = any(
                s["span_start"] < oe and os_ < s["span_end"]
                for c in candidates
                for s in c["sources"]
                if s["doc_id"] == doc_id
                for os_, oe in occurrences
            )
        result.facts.append(FactResult(fact, tier, matched, found))

    closed = set(gold.get("closed") or [])
    for c in claims:
        if c["property"] in closed and kb.names_match(c["subject_id"], subject):
            result.closed_total += 1
            gold_same = [
                f
                for f in facts
                if f["property"] == c["property"]
                and normalize_name(f.get("subject") or subject) == normalize_name(subject)
            ]
            if any(
                kb.value_matches(c, f["property"], f["value"])
                and kb.qualifiers_match(c, f.get("qualifiers") or {})
                for f in gold_same
            ):
                result.closed_matching += 1
            else:
                result.unexpected.append(_claim_label(c))

    for f in must_not:
        bad = normalize_name(str(f["value"].get("string", "")))
        if not bad:
            continue
        for c in claims:
            texts = [c["value_text"], *(_strings(c["qualifiers"]))]
            if any(bad in normalize_name(t) for t in texts):
                result.must_not_violations.append(
                    {"must_not": f["value"]["string"]} | _claim_label(c)
                )
    return result


class _KB:
    """Claims of one document, plus the names and claims of the entities they mention."""

    def __init__(self, store: Store, claims: list[dict[str, Any]], doc_id: str) -> None:
        self.store = store
        self.doc_id = doc_id
        self.by_property: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in claims:
            self.by_property[c["property"]].append(c)
        self._names: dict[str, set[str]] = {}
        self._claims_of: dict[str, list[dict[str, Any]]] = {}

    def names(self, entity_id: str | None) -> set[str]:
        if entity_id is None:
            return set()
        if entity_id not in self._names:
            # An entity answers to its own names and to those of the entities resolution
            # found to be the same real thing.
            group = self.store.members(entity_id)
            rows = self.store.query(
                "SELECT norm FROM aliases WHERE entity_id IN (SELECT unnest(?)) UNION "
                "SELECT lower(name) FROM entities WHERE entity_id IN (SELECT unnest(?)) UNION "
                "SELECT value_text FROM claims WHERE subject_id IN (SELECT unnest(?)) "
                "AND property = 'alias'",
                [group, group, group],
            )
            self._names[entity_id] = {normalize_name(r["norm"]) for r in rows}
        return self._names[entity_id]

    def names_match(self, entity_id: str | None, gold: Any) -> bool:
        wanted = gold if isinstance(gold, list) else [gold]
        return bool({normalize_name(str(w)) for w in wanted} & self.names(entity_id))

    def claims_of(self, entity_id: str) -> list[dict[str, Any]]:
        if entity_id not in self._claims_of:
            self._claims_of[entity_id] = self.store.claims(subject_id=entity_id)
        return self._claims_of[entity_id]

    def value_matches(self, claim: dict[str, Any], prop: str, gold: dict[str, Any]) -> bool:
        ((kind, expected),) = gold.items()
        value = claim["value"]
        if kind in ("entity", "place"):
            return self.names_match(claim.get("value_entity_id"), expected)
        if kind == "time":
            return "time" in value and value["time"] == _iso(expected)
        if kind == "quantity":
            return "quantity" in value and _quantity_matches(value["quantity"], expected)
        if kind == "string":
            text = value.get("string") if "string" in value else claim["value_text"]
            return _string_matches(str(text), str(expected), word_rule=prop == "instance_of")
        if kind == "entity_with":
            eid = claim.get("value_entity_id")
            if not eid:
                return False
            inner = self.claims_of(eid)
            return all(
                any(
                    c["property"] == p and self.value_matches(c, p, {_shorthand(p): v})
                    for c in inner
                )
                for p, v in expected.items()
            )
        return False

    def qualifiers_match(self, claim: dict[str, Any], gold: dict[str, Any]) -> bool:
        quals = claim["qualifiers"]
        for name, expected in gold.items():
            got = quals.get(name)
            if got is None:
                return False
            kind = QUALIFIER_TYPES.get(name, "string")
            if kind == "time":
                if got.get("time") != _iso(expected):
                    return False
            elif kind == "place":
                if normalize_name(str(got.get("entity", ""))) != normalize_name(str(expected)):
                    return False
            elif normalize_name(str(got.get("string", got.get("entity", "")))) != normalize_name(
                str(expected)
            ):
                return False
        return True


def _shorthand(prop: str) -> str:
    kind = value_kind(prop)
    return "entity" if kind == "entity" else kind


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _quantity_matches(got: Any, expected: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(got, dict) and all(
            _num_eq(got.get(k), expected.get(k)) for k in ("min", "max")
        )
    return not isinstance(got, dict) and _num_eq(got, expected)


def _num_eq(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-9


def _words(text: str) -> set[str]:
    return {
        w[:-1] if w.endswith("s") and len(w) > 3 else w
        for w in re.findall(r"[\w'-]+", normalize_name(text))
    }


def _string_matches(got: str, expected: str, *, word_rule: bool) -> bool:
    if normalize_name(got) == normalize_name(expected):
        return True
    return word_rule and _words(expected) <= _words(got)


def _strings(quals: dict[str, Any]) -> list[str]:
    return [
        str(v.get("string") or v.get("entity") or "") for v in quals.values() if isinstance(v, dict)
    ]


def _fact_label(fact: dict[str, Any]) -> dict[str, Any]:
    return {k: fact[k] for k in ("subject", "property", "value", "qualifiers") if k in fact}


def _claim_label(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "subject": c["subject_name"],
        "property": c["property"],
        "value": c["value_text"],
        "qualifiers": {
            k: v.get("time") or v.get("string") or v.get("entity")
            for k, v in c["qualifiers"].items()
            if isinstance(v, dict)
        },
        "quote": c["sources"][0]["quote"] if c["sources"] else None,
    }
