"""The embedded knowledge base (a DuckDB file)."""

from orbat.store.db import Store, WriteStats

__all__ = ["Store", "WriteStats"]
