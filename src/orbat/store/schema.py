"""The knowledge base's schema, as numbered migrations.

A database records the version it is at; opening it applies the migrations it
lacks, in order, each in a transaction, so old knowledge bases keep working.
"""

from __future__ import annotations

import duckdb

MIGRATIONS: list[str] = [
    # 1: documents, entities, claims and their sources
    """
    CREATE TABLE documents (
        doc_id VARCHAR PRIMARY KEY,          -- sha256 of the stored text
        title VARCHAR NOT NULL,
        origin VARCHAR NOT NULL,             -- path, or path#Page title for a dump page
        format VARCHAR NOT NULL,
        revision_id VARCHAR,
        revision_timestamp VARCHAR,
        text VARCHAR NOT NULL,
        ingested_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE entities (
        entity_id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL
    );
    CREATE TABLE aliases (
        entity_id VARCHAR NOT NULL,
        alias VARCHAR NOT NULL,
        norm VARCHAR NOT NULL,
        PRIMARY KEY (entity_id, norm)
    );
    CREATE TABLE claims (
        claim_id VARCHAR PRIMARY KEY,
        subject_id VARCHAR NOT NULL,
        property VARCHAR NOT NULL,
        value_type VARCHAR NOT NULL,         -- entity | place | time | quantity | string
        value_json VARCHAR NOT NULL,
        value_text VARCHAR NOT NULL,         -- as a reader sees it
        value_entity_id VARCHAR,
        time_iso VARCHAR,
        time_precision VARCHAR,
        quantity DOUBLE,
        quantity_min DOUBLE,
        quantity_max DOUBLE,
        qualifiers_json VARCHAR NOT NULL
    );
    CREATE TABLE sources (
        claim_id VARCHAR NOT NULL,
        source_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        section VARCHAR NOT NULL,
        span_start INTEGER NOT NULL,         -- character offsets into documents.text
        span_end INTEGER NOT NULL,
        quote VARCHAR NOT NULL,
        method VARCHAR NOT NULL,
        confidence DOUBLE NOT NULL,
        citations_json VARCHAR NOT NULL,
        PRIMARY KEY (claim_id, source_id)
    );
    CREATE INDEX claims_subject ON claims (subject_id);
    CREATE INDEX claims_value_entity ON claims (value_entity_id);
    CREATE INDEX sources_doc ON sources (doc_id);
    CREATE INDEX aliases_norm ON aliases (norm);
    """,
]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    version = current_version(con)
    for number, sql in enumerate(MIGRATIONS[version:], start=version + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?)", [number])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)
