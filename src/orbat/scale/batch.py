"""Group commit: the tables of several units in one transaction, as if written one by one.

A transaction costs the writer ~35 ms whatever its size, about as much as
inserting a whole unit's rows, so a writer that commits unit by unit caps a
cluster at a few hundred MB/s. When units are waiting, the writer merges them
into one transaction instead. The merged rows must be those that writing the
units one after another would leave: the store keeps the first row of a key
(INSERT OR IGNORE) and upgrades an entity's kind to a strictly stronger one,
so the merge keeps the first row of each key, in unit order, and for entities
applies the same upgrades.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.acero  # noqa: F401  # `Table.group_by` imports it on first use: ~20 ms, mid-ingest
import pyarrow.compute as pc

from orbat.model import KIND_STRENGTH, Kind

KEYS = {
    "documents": ("doc_id",),
    "document_origins": ("doc_id", "origin"),
    "entities": ("entity_id",),
    "aliases": ("entity_id", "norm"),
    "claims": ("claim_id",),
    "sources": ("claim_id", "source_id"),
    "ingest_units": ("unit_id", "config"),
}
_ROW = "__orbat_row"


def merge(batches: Sequence[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    """One dict of tables equivalent to writing `batches` in order."""
    if len(batches) == 1:
        return batches[0]
    names: list[str] = []
    for tables in batches:
        names.extend(n for n in tables if n not in names)
    out = {}
    for name in names:
        pieces = [t[name] for t in batches if name in t and t[name].num_rows]
        if not pieces:
            continue
        table = pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0]
        if len(pieces) > 1 and name == "entities":
            table = _entities(table)
        elif len(pieces) > 1 and name in KEYS:
            table = _first_by_key(table, KEYS[name])
        out[name] = table
    return out


def _first_by_key(table: pa.Table, keys: Sequence[str]) -> pa.Table:
    indexed = table.append_column(_ROW, pa.array(range(table.num_rows), pa.int64()))
    firsts = indexed.group_by(list(keys), use_threads=False).aggregate([(_ROW, "min")])
    if firsts.num_rows == table.num_rows:  # no key twice, the usual case: the rows as they are
        return table
    rows = pc.sort_indices(firsts[f"{_ROW}_min"])
    return table.take(pc.take(firsts[f"{_ROW}_min"], rows))


def _entities(table: pa.Table) -> pa.Table:
    """First row of each entity, with the kind that successive upgrades would leave."""
    kept: dict[str, dict[str, str]] = {}
    for row in table.to_pylist():
        prev = kept.get(row["entity_id"])
        if prev is None:
            kept[row["entity_id"]] = row
        elif KIND_STRENGTH[Kind(row["kind"])] > KIND_STRENGTH[Kind(prev["kind"])]:
            prev["kind"] = row["kind"]
    return pa.Table.from_pylist(list(kept.values()), schema=table.schema)


def rows(tables: dict[str, pa.Table]) -> int:
    return sum(t.num_rows for t in tables.values())


def nbytes(tables: dict[str, pa.Table]) -> int:
    return sum(t.nbytes for t in tables.values())
