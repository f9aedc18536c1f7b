"""Redirects are staged as they are read, and become alias claims once their target is known.

A dump holds ~100 redirects per MB of XML, nearly all to pages the filter does
not keep. Made into a document and an alias claim each as they were read, they
were most of an ingest's rows (~10 M per table on the full English dump) and a
share of its CPU comparable to extracting the pages it is for. So a worker only
stages a redirect, as one narrow row; after the last unit, `link` turns the
staged redirects whose target names an entity the knowledge base knows (a kept
page, or any name a claim uses) into what `extract` makes of a redirect: a
document whose one claim is an alias of its target, quoting the redirect.

A redirect whose target is unknown stays staged, and a later ingest that
brings its target links it. A staged redirect is linked exactly when its text
(`doc_id`) is stored under its origin, so a page of a later dump of the same
name that became a redirect, or points elsewhere now, is linked anew; and
`link` repeats until a pass links nothing, so a chain (A → B → C) ends the same
however many times it ran or was interrupted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyarrow as pa

from orbat.model import Document
from orbat.names import normalize_name
from orbat.store import Store, WriteStats
from orbat.store.transactions import transaction

TABLE = "redirects"
FORMAT = "redirect"
LINK_BATCH = 2000  # redirects per transaction when linking
MAX_PASSES = 10  # Wikipedia fixes double redirects; a longer chain is a loop

REDIRECTS = pa.schema(
    [
        ("origin", pa.string()),
        ("doc_id", pa.string()),  # the document its text becomes
        ("title", pa.string()),
        ("target", pa.string()),
        ("target_norm", pa.string()),  # normalize_name(target): what entity names are matched on
        ("text", pa.string()),
        ("revision_id", pa.string()),
        ("revision_timestamp", pa.string()),
    ]
)

# Staged redirects not yet linked whose target is a name some entity has; of
# rows staged twice (a dump read again), one.
_LINKABLE = f"""
SELECT DISTINCT ON (r.origin, r.doc_id)
       r.origin, r.title, r.text, r.revision_id, r.revision_timestamp
FROM {TABLE} r
WHERE r.target_norm IN (SELECT norm FROM aliases)
  AND NOT EXISTS (
      SELECT 1 FROM document_origins o WHERE o.doc_id = r.doc_id AND o.origin = r.origin
  )
ORDER BY r.origin, r.doc_id
"""


def staged_rows(documents: Iterable[Document]) -> pa.Table:
    """The staging rows of redirect documents; one whose target cannot be read is left out.

    Left out because `extract` would make no claim of it either.
    """
    from orbat.extract.redirects import redirect_target

    # Column by column, in the schema's order: what `pa.Table.from_pylist` makes of one
    # dict per row, without the dicts (a unit stages thousands of redirects).
    rows = []
    for doc in documents:
        target = redirect_target(doc.text)
        if target is None or target == doc.title:
            continue
        rows.append(
            (
                doc.origin,
                doc.id,
                doc.title,
                target,
                normalize_name(target),
                doc.text,
                doc.revision_id,
                doc.revision_timestamp,
            )
        )
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in REDIRECTS]
    return pa.Table.from_arrays(columns, schema=REDIRECTS)


def link(store: Store, progress: Callable[[int], None] | None = None) -> tuple[int, WriteStats]:
    """Write the alias claims of every staged redirect whose target is now known.

    Returns how many redirects were linked, and what that wrote. Passes repeat
    until one links nothing: a redirect to a redirect becomes linkable only
    once the one it points to is an alias.
    """
    linked, written = 0, WriteStats()
    for _ in range(MAX_PASSES):
        n, w = _link_pass(store, progress)
        linked += n
        written += w
        if n == 0:
            break
    return linked, written


def _link_pass(store: Store, progress: Callable[[int], None] | None) -> tuple[int, WriteStats]:
    # Read in full before writing, on a cursor of its own: the store's connection
    # may hold the unfinished result of its last statement.
    cursor = store.con.cursor()
    try:
        linkable = cursor.sql(_LINKABLE).to_arrow_table()
    finally:
        cursor.close()
    written = WriteStats()
    if not linkable.num_rows:  # the usual last pass: no need to load the extractor (~1 s)
        return 0, written

    from orbat.extract import extract
    from orbat.store.rows import to_tables

    for batch in linkable.to_batches(LINK_BATCH):
        rows = zip(*(batch.column(i).to_pylist() for i in range(batch.num_columns)), strict=True)
        documents = [
            Document(
                text=text,
                title=title,
                origin=origin,
                format=FORMAT,
                revision_id=revision_id,
                revision_timestamp=timestamp,
            )
            for origin, title, text, revision_id, timestamp in rows
        ]
        written += store.write_tables(to_tables(extract(d) for d in documents))
        if progress is not None:
            progress(batch.num_rows)
    return linkable.num_rows, written


def count(store: Store) -> int:
    """Rows in the staging table (a redirect read twice counts twice)."""
    row = store.con.execute(f"SELECT count(*) FROM {TABLE}").fetchone()
    return int(row[0]) if row else 0


def compact(store: Store) -> int:
    """Keep one row of each redirect staged more than once; returns the rows removed.

    The table has no key (an index on millions of rows would hold the writer's
    memory), so a dump read again (new extraction code, `--no-resume`, a
    killed single-file ingest) stages its redirects again. The ingest calls
    this when it staged rows into a table that already had some.
    """
    before = count(store)
    with transaction(store.con) as con:
        con.execute(
            f"CREATE TEMP TABLE staged_once AS SELECT DISTINCT ON (origin, doc_id) * "
            f"FROM {TABLE} ORDER BY origin, doc_id"
        )
        con.execute(f"DELETE FROM {TABLE}")
        con.execute(f"INSERT INTO {TABLE} SELECT * FROM staged_once")
        con.execute("DROP TABLE staged_once")
    return before - count(store)


def staged(store: Store) -> tuple[int, int]:
    """(staged redirects, of which linked), for reports."""
    row = store.con.execute(
        f"""
        SELECT count(*), count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM document_origins o WHERE o.doc_id = r.doc_id AND o.origin = r.origin))
        FROM (SELECT DISTINCT origin, doc_id FROM {TABLE}) r
        """
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])
