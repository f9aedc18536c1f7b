"""`to_tables` and `staged_rows` build columns from tuples: the same tables as one dict per row.

The reference implementations below are the straightforward ones (a dict per
row, `pa.Table.from_pylist`, `json.dumps` per value) that the faster code
replaced; every table must come out equal, schema, row order and all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from orbat.extract import extract
from orbat.model import (
    KIND_STRENGTH,
    Document,
    EntityRef,
    Extraction,
    Kind,
    value_text,
    value_to_json,
    value_type,
)
from orbat.names import normalize_name
from orbat.redirects import REDIRECTS, staged_rows
from orbat.sources.files import read_path
from orbat.store.rows import TABLES, claim_row, to_tables
from orbat.values.types import Quantity, Time

ARTICLES = Path(__file__).parent / "articles"


def _reference_claim_row(c) -> dict:  # noqa: ANN001 - a Claim
    v = c.value
    return {
        "claim_id": c.id,
        "subject_id": c.subject.id,
        "property": c.property,
        "value_type": value_type(v),
        "value_json": json.dumps(value_to_json(v), ensure_ascii=False),
        "value_text": value_text(v),
        "value_entity_id": v.id if isinstance(v, EntityRef) else None,
        "time_iso": v.iso if isinstance(v, Time) else None,
        "time_precision": v.precision if isinstance(v, Time) else None,
        "quantity": v.amount if isinstance(v, Quantity) else None,
        "quantity_min": v.min if isinstance(v, Quantity) else None,
        "quantity_max": v.max if isinstance(v, Quantity) else None,
        "qualifiers_json": json.dumps(c.qualifiers_json(), ensure_ascii=False, sort_keys=True),
    }


def _reference_tables(extractions: Iterable[Extraction]) -> dict[str, pa.Table]:
    docs: dict = {}
    origins: dict = {}
    entities: dict = {}
    aliases: dict = {}
    claims: dict = {}
    sources: dict = {}
    for ex in extractions:
        d = ex.document
        origins.setdefault(
            (d.id, d.origin),
            {
                "doc_id": d.id,
                "origin": d.origin,
                "title": d.title,
                "revision_id": d.revision_id,
                "revision_timestamp": d.revision_timestamp,
            },
        )
        docs.setdefault(
            d.id,
            {
                "doc_id": d.id,
                "title": d.title,
                "origin": d.origin,
                "format": d.format,
                "revision_id": d.revision_id,
                "revision_timestamp": d.revision_timestamp,
                "text": d.text,
            },
        )
        for eid, ent in ex.entities.items():
            prev = entities.get(eid)
            if prev is None or KIND_STRENGTH[ent.kind] > KIND_STRENGTH[Kind(prev["kind"])]:
                entities[eid] = {"entity_id": eid, "name": ent.name, "kind": ent.kind.value}
            for name in [ent.name, *sorted(ent.aliases - {ent.name})]:
                norm = normalize_name(name)
                aliases.setdefault((eid, norm), {"entity_id": eid, "alias": name, "norm": norm})
        for c in ex.claims:
            if c.id not in claims:
                claims[c.id] = _reference_claim_row(c)
            s = c.source
            sources.setdefault(
                (c.id, s.id),
                {
                    "claim_id": c.id,
                    "source_id": s.id,
                    "doc_id": s.doc_id,
                    "section": s.section,
                    "span_start": s.start,
                    "span_end": s.end,
                    "quote": s.quote,
                    "method": s.method,
                    "confidence": s.confidence,
                    "citations_json": json.dumps(
                        [x.to_json() for x in s.citations], ensure_ascii=False
                    ),
                },
            )
    rows = {
        "documents": docs,
        "document_origins": origins,
        "entities": entities,
        "aliases": aliases,
        "claims": claims,
        "sources": sources,
    }
    return {
        name: pa.Table.from_pylist(list(r.values()), schema=TABLES[name])
        for name, r in rows.items()
    }


def _documents(shared: Path) -> list[Document]:
    paths = sorted(ARTICLES.glob("*.txt"))
    paths.append(shared / "corpus" / "wikitext" / "syria_2015_infoboxes.xml")
    return [d for p in paths for d in read_path(p) if not isinstance(d, Exception)]


def test_to_tables_matches_the_row_dicts(shared: Path) -> None:
    extractions = [extract(d) for d in _documents(shared)]
    extractions += extractions[:3]  # read twice: the first rows of a key stay
    assert sum(len(ex.claims) for ex in extractions) > 100
    got = to_tables(extractions)
    want = _reference_tables(extractions)
    assert got.keys() == want.keys()
    for name in want:
        assert got[name].schema == want[name].schema, name
        assert got[name].to_pylist() == want[name].to_pylist(), name
    for ex in extractions[:5]:
        for c in ex.claims:
            assert claim_row(c) == _reference_claim_row(c)


def test_to_tables_of_nothing() -> None:
    got = to_tables([])
    want = _reference_tables([])
    for name in want:
        assert got[name].equals(want[name]), name


def test_staged_rows_match_the_row_dicts() -> None:
    docs = [
        Document("#REDIRECT [[Islamic Front (Syria)]]", "Islamic Front", "o", "redirect"),
        Document("#redirect [[Jaysh_al-Islam#History]]", "Army of Islam", "o", "redirect", "7"),
        Document("#REDIRECT [[Same]]", "Same", "o", "redirect"),  # to itself: left out
        Document("no target here", "Nothing", "o", "redirect"),  # none: left out
    ]
    want = pa.Table.from_pylist(
        [
            {
                "origin": d.origin,
                "doc_id": d.id,
                "title": d.title,
                "target": t,
                "target_norm": normalize_name(t),
                "text": d.text,
                "revision_id": d.revision_id,
                "revision_timestamp": d.revision_timestamp,
            }
            for d, t in [(docs[0], "Islamic Front (Syria)"), (docs[1], "Jaysh al-Islam")]
        ],
        schema=REDIRECTS,
    )
    assert staged_rows(docs).equals(want)
    assert staged_rows([]).equals(pa.Table.from_pylist([], schema=REDIRECTS))
