"""The knowledge base's schema, as numbered migrations.

Each migration is a file `migrations/NNNN_name.sql`. A database records the
version it is at; opening it applies the migrations it lacks, in order, each in
a transaction, so old knowledge bases keep working.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import duckdb

from orbat.store.transactions import transaction


@cache
def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every migration shipped with the package, in order."""
    out = []
    for entry in files("orbat.store").joinpath("migrations").iterdir():
        if entry.name.endswith(".sql"):
            number, _, name = entry.name.removesuffix(".sql").partition("_")
            out.append((int(number), name, entry.read_text(encoding="utf-8")))
    out.sort()
    numbers = [n for n, _, _ in out]
    if len(set(numbers)) != len(numbers):
        raise RuntimeError(f"two migrations share a number: {numbers}")
    return out


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    version = current_version(con)
    for number, _name, sql in migrations():
        if number <= version:
            continue
        with transaction(con):
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?)", [number])
    return len(migrations())
