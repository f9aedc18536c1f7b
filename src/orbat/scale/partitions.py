"""`--out DIR`: workers write Parquet partitions, `orbat load DIR` commits them later.

On a cluster this keeps the client out of the data path: each worker writes
its units' tables to a shared folder and the knowledge base is built in one go
afterwards, on whatever machine holds it. The layout is

    DIR/_orbat.json                         the filter and code fingerprint (config)
    DIR/<table>/<unit_id>-<part>.parquet    rows of one part of a unit
    DIR/units/<unit_id>.parquet             the unit's record, written last

A unit counts as written only once its record exists (written to a temporary
name and renamed), so a killed run leaves no half unit that `load` would take;
re-running the same `--out` skips units that have a record, and `load` skips
units the store already holds, so both can be interrupted and resumed.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from orbat.scale.resume import TABLE, UNITS, committed, unit_record
from orbat.scale.units import FilterSpec, Unit, code_fingerprint
from orbat.scale.worker import Part, UnitStats, error_from_dict, iter_parts
from orbat.store import Store, WriteStats
from orbat.store.rows import TABLES

MANIFEST = "_orbat.json"
UNITS_DIR = "units"


def prepare(out: Path, spec: FilterSpec, config: str) -> None:
    """Create `out`, or check that it holds partitions made the same way."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    if manifest.exists():
        found = json.loads(manifest.read_text(encoding="utf-8")).get("config")
        if found != config:
            raise ValueError(
                f"{out} holds partitions made with another filter or extractor "
                f"(config {found}, now {config}): use an empty folder"
            )
        return
    data = {"config": config, "filter": spec.key(), "code": code_fingerprint()}
    _atomic_write(manifest, json.dumps(data, indent=2).encode())


def written_units(out: Path) -> set[str]:
    folder = out / UNITS_DIR
    if not folder.is_dir():
        return set()
    return {p.name.removesuffix(".parquet") for p in folder.glob("*.parquet")}


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def write_unit(unit: Unit, spec: FilterSpec, *, out: str, config: str) -> list[Part]:
    """A task: read the unit, write its partitions, then its record; return the stats only."""
    folder = Path(out)
    parts = []
    totals = UnitStats()
    errors: list[dict[str, Any]] = []
    for part in iter_parts(unit, spec):
        for name, table in part.tables().items():
            if table.num_rows:
                _write_parquet(table, folder / name / f"{unit.unit_id}-{part.index:05d}.parquet")
        part.payload = None
        totals.add(part.stats)
        errors.extend(part.errors)
        parts.append(part)
    record = unit_record(unit, config, totals, errors)
    record = record.append_column("ordinal", pa.array([unit.ordinal], pa.int64()))
    _write_parquet(record, folder / UNITS_DIR / f"{unit.unit_id}.parquet")
    return parts


def load(
    store: Store, out: Path, progress: Callable[[str, int], None] | None = None
) -> tuple[WriteStats, list[dict[str, Any]], int]:
    """Commit every written unit the store lacks, in plan order, each with its record.

    Returns what was written, the records of the units loaded, and how many
    units were already in the store.
    """
    emit = progress or (lambda _event, _n: None)
    manifest = out / MANIFEST
    if not manifest.exists():
        raise FileNotFoundError(f"{out} has no {MANIFEST}: not written by `orbat ingest --out`")
    config = json.loads(manifest.read_text(encoding="utf-8"))["config"]
    records = [pq.read_table(p).to_pylist()[0] for p in sorted((out / UNITS_DIR).glob("*.parquet"))]
    records.sort(key=lambda r: (r["ordinal"], r["unit_id"]))
    done = committed(store, config)
    files: dict[str, dict[int, dict[str, Path]]] = defaultdict(lambda: defaultdict(dict))
    for table_dir in out.iterdir():
        if not table_dir.is_dir() or table_dir.name == UNITS_DIR:
            continue
        for path in table_dir.glob("*.parquet"):
            unit_id, _, index = path.stem.rpartition("-")
            files[unit_id][int(index)][table_dir.name] = path
    todo = [r for r in records if r["unit_id"] not in done]
    emit("units", len(todo))
    written = WriteStats()
    for record in todo:
        parts = files.get(record["unit_id"], {})
        indexes = sorted(parts) or [0]
        claims = written.claims
        for index in indexes:
            found = parts.get(index, {})
            tables = {name: pq.read_table(found[name]) for name in _ordered_names(found)}
            if index == indexes[-1]:
                row = {k: record[k] for k in UNITS.names}
                tables[TABLE] = pa.Table.from_pylist([row], schema=UNITS)
            written += store.write_tables(tables)
        emit("unit", 1)
        emit("pages", record["pages"])
        emit("matched", record["matched"])
        emit("claims", written.claims - claims)
    return written, todo, len(records) - len(todo)


def _ordered_names(found: dict[str, Path]) -> list[str]:
    """The tables of a part in the order `to_tables` makes them, unknown ones last."""
    return sorted(found, key=lambda n: (list(TABLES).index(n) if n in TABLES else len(TABLES), n))


def record_errors(record: dict[str, Any]) -> list[Any]:
    return [error_from_dict(e) for e in json.loads(record["errors_json"])]
