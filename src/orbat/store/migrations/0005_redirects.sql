-- 5: redirects as an ingest read them, staged until their target is known (see
-- orbat/redirects.py). No key: a dump has millions, and an index on them would hold the
-- writer's memory; a redirect read twice is two rows until orbat.redirects.compact.
CREATE TABLE redirects (
    origin VARCHAR NOT NULL,             -- path#Title, as documents.origin will be
    doc_id VARCHAR NOT NULL,             -- the document its text becomes: linked when
                                         -- (doc_id, origin) is in document_origins
    title VARCHAR NOT NULL,
    target VARCHAR NOT NULL,             -- the page it points to, without a #section
    target_norm VARCHAR NOT NULL,        -- the target's normalised name: matched on aliases.norm
    text VARCHAR NOT NULL,
    revision_id VARCHAR,
    revision_timestamp VARCHAR
);
