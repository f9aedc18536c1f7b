-- 2: entity resolution (which entities are one real thing, and why) and places on the map
-- Entities keep their own ids and claims; resolution only maps members onto a canonical entity,
-- so that it can be recomputed (or corrected by a user) without rewriting any claim.
CREATE TABLE resolution_members (
    entity_id VARCHAR PRIMARY KEY,       -- a member merged into another entity
    canonical_id VARCHAR NOT NULL,       -- the entity it is shown as
    reason VARCHAR NOT NULL,             -- the evidence, in words
    origin VARCHAR NOT NULL,             -- auto | user
    score DOUBLE,
    resolved_at TIMESTAMP DEFAULT current_timestamp
);
CREATE INDEX resolution_members_canonical ON resolution_members (canonical_id);
-- A user's corrections; ids are hashes of names, so they survive re-ingest and re-runs.
CREATE TABLE resolution_overrides (
    a_id VARCHAR NOT NULL,               -- the smaller id of the pair
    b_id VARCHAR NOT NULL,
    a_name VARCHAR NOT NULL,
    b_name VARCHAR NOT NULL,
    decision VARCHAR NOT NULL,           -- merge | split
    reason VARCHAR,
    created_at TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (a_id, b_id)
);
-- Search keys of names and aliases (spelling variants folded), for lookups by a variant.
CREATE TABLE resolution_keys (
    key VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    PRIMARY KEY (key, entity_id)
);
-- Where each place entity is: resolved with coordinates and its GeoNames record, or unresolved.
CREATE TABLE places (
    entity_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,               -- the entity's name as looked up
    status VARCHAR NOT NULL,             -- resolved | unresolved
    geonameid BIGINT,
    latitude DOUBLE,
    longitude DOUBLE,
    country_code VARCHAR,
    admin1_code VARCHAR,
    feature VARCHAR,                     -- city | town | village | district | admin1 | country
    matched_name VARCHAR,                -- the gazetteer's name for it
    source VARCHAR,                      -- geonames | supplement | geonames-country
    precision_km DOUBLE,
    how VARCHAR,                         -- exact | light | skeleton | region | country | world
    reason VARCHAR NOT NULL,
    resolved_at TIMESTAMP DEFAULT current_timestamp
);
