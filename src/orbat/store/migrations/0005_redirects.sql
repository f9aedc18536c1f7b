-- 5: redirects as an ingest read them, staged until their target is known (see
-- orbat/redirects.py). No key: a dump has millions, and an index on them would hold the
-- writer's memory; a redirect read twice is two rows, and linking takes each origin once.
CREATE TABLE redirects (
    origin VARCHAR NOT NULL,             -- path#Title, as documents.origin will be
    title VARCHAR NOT NULL,
    target VARCHAR NOT NULL,             -- the page it points to, without a #section
    target_norm VARCHAR NOT NULL,        -- the target's normalised name: matched on aliases.norm
    text VARCHAR NOT NULL,
    revision_id VARCHAR,
    revision_timestamp VARCHAR
);
