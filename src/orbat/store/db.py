"""Writing to and reading from the DuckDB knowledge base.

Writes go through Arrow (a `COPY`-speed bulk path; `executemany` is ~500× slower)
and a batch of documents is one transaction: a crash or an error leaves the
knowledge base as it was before the batch. Keys are content hashes, so writing
the same extraction twice adds nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from orbat.errors import StoreInUse
from orbat.model import Extraction
from orbat.names import normalize_name
from orbat.store.rows import to_tables
from orbat.store.schema import migrate
from orbat.store.transactions import transaction

# Tables with no key to ignore duplicates on (migration 0005 says why).
_KEYLESS = frozenset({"redirects"})
COUNTED = ("documents", "entities", "claims", "sources")
# Kinds ranked as in orbat.model.KIND_STRENGTH, for upgrades made in SQL.
_KIND_RANK = (
    "CASE {k} WHEN 'other' THEN 0 WHEN 'organisation' THEN 1 WHEN 'place' THEN 2 "
    "WHEN 'person' THEN 2 ELSE 3 END"
)


@dataclass
class WriteStats:
    documents: int = 0
    entities: int = 0
    claims: int = 0
    sources: int = 0

    def __iadd__(self, other: WriteStats) -> WriteStats:
        for k in COUNTED:
            setattr(self, k, getattr(self, k) + getattr(other, k))
        return self


class Store:
    def __init__(self, path: str | Path = "orbat.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise FileNotFoundError(
                f"no knowledge base at {self.path}: run `orbat ingest PATH` first, or pass --db"
            )
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            if "Could not set lock" not in str(exc):
                raise
            holder = re.search(r"\(PID (\d+)\)", str(exc))
            raise StoreInUse(self.path, int(holder.group(1)) if holder else None) from None
        if not read_only:
            try:
                migrate(self.con)
            except BaseException:
                self.con.close()  # a failed migration must not hold the file's lock
                raise

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def write(self, extractions: Iterable[Extraction]) -> WriteStats:
        return self.write_tables(to_tables(extractions))

    def write_tables(self, tables: dict[str, pa.Table]) -> WriteStats:
        """Insert a batch atomically; rows already present are left as they are."""
        added = dict.fromkeys(COUNTED, 0)
        with transaction(self.con) as con:
            for name, table in tables.items():
                if table.num_rows == 0:
                    continue
                con.register("batch", table)
                cols = ", ".join(table.schema.names)
                verb = "INSERT INTO" if name in _KEYLESS else "INSERT OR IGNORE INTO"
                # The count is of rows inserted, the ignored ones (already stored,
                # or twice in the batch) apart: two count(*)s per table saved.
                row = con.execute(f"{verb} {name} ({cols}) SELECT {cols} FROM batch").fetchone()
                if name in added and row is not None:
                    added[name] += int(row[0])
                if name == "entities":
                    new, old = _KIND_RANK.format(k="b.kind"), _KIND_RANK.format(k="entities.kind")
                    con.execute(
                        "UPDATE entities SET kind = b.kind FROM batch b "
                        f"WHERE entities.entity_id = b.entity_id AND {new} > {old}"
                    )
                con.unregister("batch")
        return WriteStats(**added)

    # ------------------------------------------------------------------ reading

    def counts(self) -> dict[str, int]:
        return {
            t: int(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
            for t in COUNTED
        }

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    # Resolution (orbat.resolve.merge) maps member entities onto a canonical one; reads
    # show the canonical entity with everything its members say. A knowledge base made
    # before resolution existed (opened read-only, so not migrated) reads as unresolved.

    def _resolved(self) -> bool:
        known = getattr(self, "_has_resolution", None)
        if known is None:
            row = self.con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'resolution_members'"
            ).fetchone()
            known = bool(row and row[0])
            self._has_resolution = known
        return known

    def canonical_id(self, entity_id: str) -> str:
        """The entity that `entity_id` is shown as (itself unless it was merged)."""
        if not self._resolved():
            return entity_id
        row = self.con.execute(
            "SELECT canonical_id FROM resolution_members WHERE entity_id = ?", [entity_id]
        ).fetchone()
        return str(row[0]) if row else entity_id

    def members(self, entity_id: str) -> list[str]:
        """Every entity id that is shown as the same entity as `entity_id`, canonical first."""
        canon = self.canonical_id(entity_id)
        if not self._resolved():
            return [canon]
        rows = self.con.execute(
            "SELECT entity_id FROM resolution_members WHERE canonical_id = ? ORDER BY entity_id",
            [canon],
        ).fetchall()
        return [canon, *(str(r[0]) for r in rows)]

    def find_entities(self, name: str) -> list[dict[str, Any]]:
        """Canonical entities one of whose members has `name` as name or alias, the
        most-claimed first; spelling variants ("National Defense Force") are a fallback."""
        hits = self.query(
            "SELECT entity_id FROM aliases WHERE norm = ? UNION SELECT subject_id FROM claims "
            "WHERE property = 'alias' AND lower(value_text) = lower(?)",
            [normalize_name(name), name],
        )
        ids = [h["entity_id"] for h in hits]
        if not ids and self._resolved():
            from orbat.resolve.normalize import LOOSE_PREFIX, loose_key, strict_key

            for key in (strict_key(name), LOOSE_PREFIX + loose_key(name)):
                ids = [
                    r["entity_id"]
                    for r in self.query(
                        "SELECT entity_id FROM resolution_keys WHERE key = ?", [key]
                    )
                ]
                if ids:
                    break
        if not ids:
            return []
        if not self._resolved():
            return self.query(
                "SELECT e.*, (SELECT count(*) FROM claims c WHERE c.subject_id = e.entity_id) AS n "
                "FROM entities e WHERE e.entity_id IN (SELECT unnest(?)) ORDER BY n DESC, e.name",
                [ids],
            )
        return self.query(
            """
            WITH canon AS (
                SELECT DISTINCT coalesce(m.canonical_id, h.id) AS entity_id
                FROM (SELECT unnest(?) AS id) h
                LEFT JOIN resolution_members m ON m.entity_id = h.id
            ), cluster AS (
                SELECT entity_id AS canonical_id, entity_id AS member_id FROM canon
                UNION SELECT canonical_id, entity_id FROM resolution_members
                WHERE canonical_id IN (SELECT entity_id FROM canon)
            )
            SELECT e.*, (SELECT count(*) FROM claims c WHERE c.subject_id IN
                         (SELECT member_id FROM cluster WHERE canonical_id = e.entity_id)) AS n
            FROM entities e WHERE e.entity_id IN (SELECT entity_id FROM canon)
            ORDER BY n DESC, e.name
            """,
            [ids],
        )

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """The canonical entity for `entity_id`, with the names of all its members as
        aliases, its members and why they were merged, and its place on the map."""
        members = self.members(entity_id)
        canon = members[0]
        rows = self.query("SELECT * FROM entities WHERE entity_id = ?", [canon])
        if not rows:
            return None
        row = rows[0]
        names = self.query(
            "SELECT alias FROM aliases WHERE entity_id IN (SELECT unnest(?)) UNION "
            "SELECT value_text FROM claims WHERE subject_id IN (SELECT unnest(?)) "
            "AND property = 'alias' UNION "
            "SELECT name FROM entities WHERE entity_id IN (SELECT unnest(?))",
            [members, members, members],
        )
        row["aliases"] = sorted({r["alias"] for r in names} - {row["name"]})
        if not self._resolved():
            return row
        row["members"] = self.query(
            "SELECT m.entity_id, e.name, e.kind, m.reason, m.origin, m.score "
            "FROM resolution_members m JOIN entities e ON e.entity_id = m.entity_id "
            "WHERE m.canonical_id = ? ORDER BY e.name",
            [canon],
        )
        place = self.query(
            "SELECT * EXCLUDE (resolved_at) FROM places WHERE entity_id IN (SELECT unnest(?)) "
            "ORDER BY (entity_id = ?) DESC, (status = 'resolved') DESC LIMIT 1",
            [members, canon],
        )
        if place:
            row["place"] = place[0]
        return row

    def claims(
        self,
        *,
        subject_id: str | None = None,
        value_entity_id: str | None = None,
        prop: str | None = None,
        doc_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Claims with their sources (a list under "sources") and the subject's name.

        An entity id stands for its whole resolved entity: the claims of every member
        are returned. `subject_id`/`value_entity_id` stay what the source said;
        `subject_canonical_id`/`value_canonical_id` and the names are the resolved ones.
        """
        where: list[str] = []
        params: list[Any] = []
        if subject_id:
            where.append("c.subject_id IN (SELECT unnest(?))")
            params.append(self.members(subject_id))
        if value_entity_id:
            where.append("c.value_entity_id IN (SELECT unnest(?))")
            params.append(self.members(value_entity_id))
        if prop:
            where.append("c.property = ?")
            params.append(prop)
        if doc_id:
            where.append("c.claim_id IN (SELECT claim_id FROM sources WHERE doc_id = ?)")
            params.append(doc_id)
        if self._resolved():
            sql = (
                "SELECT c.*, coalesce(ms.canonical_id, c.subject_id) AS subject_canonical_id, "
                "e.name AS subject_name, "
                "CASE WHEN c.value_entity_id IS NULL THEN NULL "
                "ELSE coalesce(mv.canonical_id, c.value_entity_id) END AS value_canonical_id, "
                "v.name AS value_name, v.kind AS value_kind FROM claims c "
                "LEFT JOIN resolution_members ms ON ms.entity_id = c.subject_id "
                "JOIN entities e ON e.entity_id = coalesce(ms.canonical_id, c.subject_id) "
                "LEFT JOIN resolution_members mv ON mv.entity_id = c.value_entity_id "
                "LEFT JOIN entities v ON v.entity_id = coalesce(mv.canonical_id, c.value_entity_id)"
            )
        else:
            sql = (
                "SELECT c.*, c.subject_id AS subject_canonical_id, e.name AS subject_name, "
                "c.value_entity_id AS value_canonical_id, "
                "v.name AS value_name, v.kind AS value_kind "
                "FROM claims c JOIN entities e ON e.entity_id = c.subject_id "
                "LEFT JOIN entities v ON v.entity_id = c.value_entity_id"
            )
        if where:
            sql += " WHERE " + " AND ".join(where)
        claims = self.query(sql, params)
        if not claims:
            return []
        by_id = {c["claim_id"]: c for c in claims}
        for c in claims:
            c["value"] = json.loads(c.pop("value_json"))
            c["qualifiers"] = json.loads(c.pop("qualifiers_json"))
            c["sources"] = []
        self.con.register("wanted", pa.table({"claim_id": list(by_id)}))
        try:
            rows = self.query(
                "SELECT s.*, d.title AS doc_title, d.origin AS doc_origin, "
                "d.revision_id AS doc_revision FROM sources s "
                "JOIN documents d ON d.doc_id = s.doc_id "
                "WHERE s.claim_id IN (SELECT claim_id FROM wanted) "
                "ORDER BY s.doc_id, s.span_start"
            )
        finally:
            self.con.unregister("wanted")
        for s in rows:
            s["citations"] = json.loads(s.pop("citations_json"))
            by_id[s["claim_id"]]["sources"].append(s)
        return claims

    def document(self, doc_id: str) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
        return rows[0] if rows else None
