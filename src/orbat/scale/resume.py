"""Which units an earlier ingest committed, and the record that marks one as committed.

The record goes into the same `write_tables` call as the unit's rows, so it is
in the same transaction: after a crash a unit is either wholly in the store
with its record, or absent with no record, and a re-run that skips recorded
units ends with exactly the rows of an uninterrupted run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from orbat.scale.units import Unit
from orbat.scale.worker import UnitStats
from orbat.store import Store

TABLE = "ingest_units"
UNITS = pa.schema(
    [
        ("unit_id", pa.string()),
        ("config", pa.string()),
        ("origin", pa.string()),
        ("range_start", pa.int64()),
        ("range_end", pa.int64()),
        ("pages", pa.int64()),
        ("matched", pa.int64()),
        ("documents", pa.int64()),
        ("claims", pa.int64()),
        ("errors", pa.int64()),
        ("xml_bytes", pa.int64()),
        ("errors_json", pa.string()),
    ]
)


def unit_record(
    unit: Unit, config: str, stats: UnitStats, errors: Iterable[dict[str, Any]]
) -> pa.Table:
    """The one-row table that marks `unit` as committed under `config`."""
    row = {
        "unit_id": unit.unit_id,
        "config": config,
        "origin": unit.origin,
        "range_start": unit.start,
        "range_end": unit.end,
        "pages": stats.pages,
        "matched": stats.matched,
        "documents": stats.documents,
        "claims": stats.claims,
        "errors": stats.errors,
        "xml_bytes": stats.xml_bytes,
        "errors_json": json.dumps(list(errors), ensure_ascii=False),
    }
    return pa.Table.from_pylist([row], schema=UNITS)


def committed(store: Store, config: str) -> dict[str, dict[str, Any]]:
    """Records of the units committed under `config`, by unit id."""
    rows = store.query(f"SELECT * FROM {TABLE} WHERE config = ?", [config])
    for row in rows:
        row["errors_list"] = json.loads(row.pop("errors_json"))
    return {row["unit_id"]: row for row in rows}
