-- 4: every place a stored text was found. Documents are content-addressed, so two pages
-- with the same text (a page copied under a second title) are one document; this keeps
-- each title, origin and revision it was read from.
CREATE TABLE document_origins (
    doc_id VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    revision_id VARCHAR,
    revision_timestamp VARCHAR,
    PRIMARY KEY (doc_id, origin)
);
INSERT INTO document_origins
SELECT doc_id, origin, title, revision_id, revision_timestamp FROM documents;
