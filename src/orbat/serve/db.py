"""Read-only access to the knowledge base for the web app.

The app holds one read-only DuckDB connection and gives every request its own
cursor (DuckDB connections are not thread-safe; cursors are). `ReadStore` is the
project's `Store` over such a cursor, so the pages use the same queries as the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
from fastapi import Request

from orbat.store import Store


class ReadStore(Store):
    """A `Store` reading through a cursor of a shared read-only connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str = "") -> None:  # noqa: D107
        self.path = path
        self.con = con


class Database:
    """The knowledge base file, opened once, read-only."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if not Path(self.path).exists():
            raise FileNotFoundError(
                f"no knowledge base at {self.path}: run `orbat ingest PATH` first, or pass --db"
            )
        self.con = duckdb.connect(self.path, read_only=True)

    def store(self) -> ReadStore:
        return ReadStore(self.con.cursor(), self.path)

    def close(self) -> None:
        self.con.close()


def get_store(request: Request) -> Iterator[ReadStore]:
    """FastAPI dependency: a store on a fresh cursor, closed after the request."""
    store = request.app.state.db.store()
    try:
        yield store
    finally:
        store.con.close()
