"""Exports of the knowledge base through DuckDB's own COPY (jsonl, csv, parquet)."""

from __future__ import annotations

from pathlib import Path

from orbat.store import Store

FORMATS = {"jsonl": ("json", "jsonl"), "csv": ("csv", "csv"), "parquet": ("parquet", "parquet")}
TABLES = ("entities", "aliases", "claims", "sources", "documents")


def export_tables(store: Store, out: Path, fmt: str) -> dict[Path, int]:
    copy_format, suffix = FORMATS[fmt]
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for table in TABLES:
        path = out / f"{table}.{suffix}"
        opts = f"FORMAT {copy_format}" + (", HEADER" if fmt == "csv" else "")
        store.con.execute(f"COPY (SELECT * FROM {table}) TO '{_quote(path)}' ({opts})")
        written[path] = int(store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
