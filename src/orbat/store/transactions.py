"""One transaction, committed or rolled back as a whole, for every writer of the store.

Readers must never see a table half-written, and an interrupted writer (Ctrl-C
included, hence BaseException) must leave what was there before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
