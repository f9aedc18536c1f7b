-- 3: units of work an ingest has committed, written in the same transaction as
-- their rows, so that an interrupted ingest re-run skips exactly these
CREATE TABLE ingest_units (
    unit_id VARCHAR NOT NULL,            -- what was read: a dump's name, size and byte range, or a file
    config VARCHAR NOT NULL,             -- how: the page filter and the extraction code's fingerprint
    origin VARCHAR NOT NULL,             -- the input path as given
    range_start BIGINT,                  -- byte range [start, end) of a multistream dump; NULL: whole file
    range_end BIGINT,
    pages BIGINT NOT NULL,               -- pages looked at
    matched BIGINT NOT NULL,             -- pages the filter kept (redirects apart)
    documents BIGINT NOT NULL,
    claims BIGINT NOT NULL,              -- claims extracted, before de-duplication
    errors BIGINT NOT NULL,
    xml_bytes BIGINT NOT NULL,           -- decompressed bytes scanned (0: unknown)
    errors_json VARCHAR NOT NULL,        -- the errors, so a resumed ingest reports them again
    completed_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (unit_id, config)
);
