"""Extractions flattened into columnar rows, the shape the store bulk-loads.

Kept separate from the database code so that workers (process pools, Dask, Spark)
can build Arrow tables themselves and ship them to the one writer.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable

import pyarrow as pa

from orbat.model import (
    KIND_STRENGTH,
    Citation,
    EntityRef,
    Extraction,
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


# `json.dumps(x, ensure_ascii=False)` makes a new encoder per call; one made once with the
# same settings writes the same text (encoders keep no state between calls).
_JSON = json.JSONEncoder(ensure_ascii=False).encode
_JSON_SORTED = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def to_tables(extractions: Iterable[Extraction]) -> dict[str, pa.Table]:
    """Rows for every table, de-duplicated by key within the batch.

    Rows are kept as tuples in their table's column order and turned into
    columns at the end: what `pa.Table.from_pylist` does with dicts, without
    a dict per row. A row is only built when its key is new (the first row of
    a key wins, as INSERT OR IGNORE does).
    """
    docs: dict[str, tuple] = {}
    origins: dict[tuple[str, str], tuple] = {}
    entities: dict[str, tuple] = {}
    strengths: dict[str, int] = {}
    aliases: dict[tuple[str, str], tuple] = {}
    claims: dict[str, tuple] = {}
    sources: dict[tuple[str, str], tuple] = {}
    # A page's claims share its few citation lists; equal lists have equal JSON.
    cited: dict[tuple[Citation, ...], str] = {(): "[]"}
    for ex in extractions:
        d = ex.document
        doc_id = d.id
        if (doc_id, d.origin) not in origins:
            origins[doc_id, d.origin] = (
                doc_id,
                d.origin,
                d.title,
                d.revision_id,
                d.revision_timestamp,
            )
        if doc_id not in docs:  # the first reading of a text names the document
            docs[doc_id] = (
                doc_id,
                d.title,
                d.origin,
                d.format,
                d.revision_id,
                d.revision_timestamp,
                d.text,
            )
        for eid, ent in ex.entities.items():
            strength = KIND_STRENGTH[ent.kind]
            if eid not in entities or strength > strengths[eid]:
                entities[eid] = (eid, ent.name, ent.kind.value)
                strengths[eid] = strength
            for name in [ent.name, *sorted(ent.aliases - {ent.name})]:  # stable across processes
                norm = normalize_name(name)
                if (eid, norm) not in aliases:
                    aliases[eid, norm] = (eid, name, norm)
        for c in ex.claims:
            cid = c.id
            if cid not in claims:
                claims[cid] = _claim_values(c, cid)
            s = c.source
            sid = s.id
            if (cid, sid) in sources:
                continue
            cites = s.citations if type(s.citations) is tuple else tuple(s.citations)
            citations = cited.get(cites)
            if citations is None:
                citations = cited[cites] = _JSON([x.to_json() for x in cites])
            sources[cid, sid] = (
                cid,
                sid,
                s.doc_id,
                s.section,
                s.start,
                s.end,
                s.quote,
                s.method,
                s.confidence,
                citations,
            )
    rows = {
        "documents": docs,
        "document_origins": origins,
        "entities": entities,
        "aliases": aliases,
        "claims": claims,
        "sources": sources,
    }
    return {name: _table(r.values(), TABLES[name]) for name, r in rows.items()}


def _table(rows: Collection[tuple], schema: pa.Schema) -> pa.Table:
    """`pa.Table.from_pylist` of these rows, given as tuples in the schema's column order."""
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def claim_row(c, cid: str | None = None) -> dict:  # noqa: ANN001 - a Claim
    """The claims row of a claim; `cid` is its id where the caller has it (ids are hashed)."""
    return dict(zip(CLAIMS.names, _claim_values(c, c.id if cid is None else cid), strict=True))


def _claim_values(c, cid: str) -> tuple:  # noqa: ANN001 - a Claim
    v = c.value
    time = v if isinstance(v, Time) else None
    quantity = v if isinstance(v, Quantity) else None
    return (
        cid,
        c.subject.id,
        c.property,
        value_type(v),
        _JSON(value_to_json(v)),
        value_text(v),
        v.id if isinstance(v, EntityRef) else None,
        time.iso if time is not None else None,
        time.precision if time is not None else None,
        quantity.amount if quantity is not None else None,
        quantity.min if quantity is not None else None,
        quantity.max if quantity is not None else None,
        _JSON_SORTED(c.qualifiers_json()) if c.qualifiers else "{}",
    )
