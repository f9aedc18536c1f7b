"""Extractions flattened into columnar rows, the shape the store bulk-loads.

Kept separate from the database code so that workers (process pools, Dask, Spark)
can build Arrow tables themselves and ship them to the one writer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyarrow as pa

from orbat.model import (
    KIND_STRENGTH,
    EntityRef,
    Extraction,
    Kind,
    value_text,
    value_to_json,
    value_type,
)
from orbat.names import normalize_name
from orbat.values.types import Quantity, Time

DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("title", pa.string()),
        ("origin", pa.string()),
        ("format", pa.string()),
        ("revision_id", pa.string()),
        ("revision_timestamp", pa.string()),
        ("text", pa.string()),
    ]
)
DOCUMENT_ORIGINS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("origin", pa.string()),
        ("title", pa.string()),
        ("revision_id", pa.string()),
        ("revision_timestamp", pa.string()),
    ]
)
ENTITIES = pa.schema([("entity_id", pa.string()), ("name", pa.string()), ("kind", pa.string())])
ALIASES = pa.schema([("entity_id", pa.string()), ("alias", pa.string()), ("norm", pa.string())])
CLAIMS = pa.schema(
    [
        ("claim_id", pa.string()),
        ("subject_id", pa.string()),
        ("property", pa.string()),
        ("value_type", pa.string()),
        ("value_json", pa.string()),
        ("value_text", pa.string()),
        ("value_entity_id", pa.string()),
        ("time_iso", pa.string()),
        ("time_precision", pa.string()),
        ("quantity", pa.float64()),
        ("quantity_min", pa.float64()),
        ("quantity_max", pa.float64()),
        ("qualifiers_json", pa.string()),
    ]
)
SOURCES = pa.schema(
    [
        ("claim_id", pa.string()),
        ("source_id", pa.string()),
        ("doc_id", pa.string()),
        ("section", pa.string()),
        ("span_start", pa.int32()),
        ("span_end", pa.int32()),
        ("quote", pa.string()),
        ("method", pa.string()),
        ("confidence", pa.float64()),
        ("citations_json", pa.string()),
    ]
)
TABLES = {
    "documents": DOCUMENTS,
    "document_origins": DOCUMENT_ORIGINS,
    "entities": ENTITIES,
    "aliases": ALIASES,
    "claims": CLAIMS,
    "sources": SOURCES,
}


def to_tables(extractions: Iterable[Extraction]) -> dict[str, pa.Table]:
    """Rows for every table, de-duplicated by key within the batch."""
    docs: dict[str, dict] = {}
    origins: dict[tuple[str, str], dict] = {}
    entities: dict[str, dict] = {}
    aliases: dict[tuple[str, str], dict] = {}
    claims: dict[str, dict] = {}
    sources: dict[tuple[str, str], dict] = {}
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
        )  # the first reading of a text names the document, as INSERT OR IGNORE does
        for eid, ent in ex.entities.items():
            prev = entities.get(eid)
            if prev is None or KIND_STRENGTH[ent.kind] > KIND_STRENGTH[Kind(prev["kind"])]:
                entities[eid] = {"entity_id": eid, "name": ent.name, "kind": ent.kind.value}
            for name in [ent.name, *sorted(ent.aliases - {ent.name})]:  # stable across processes
                norm = normalize_name(name)
                aliases.setdefault((eid, norm), {"entity_id": eid, "alias": name, "norm": norm})
        for c in ex.claims:
            cid = c.id
            if cid not in claims:
                claims[cid] = claim_row(c)
            s = c.source
            sources.setdefault(
                (cid, s.id),
                {
                    "claim_id": cid,
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


def claim_row(c) -> dict:  # noqa: ANN001 - a Claim
    v = c.value
    row = {
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
    return row
