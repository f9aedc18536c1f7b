-- 1: documents, entities, claims and their sources
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
