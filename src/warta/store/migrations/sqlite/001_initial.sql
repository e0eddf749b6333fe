-- warta store schema 1 (SQLite). Timestamps are ISO 8601 UTC text; JSON is stored as text.
-- One row per article in `articles` (its current revision); superseded revisions are kept in
-- `article_revisions`. `articles_fts` indexes warta.store.text.index_terms (stems, title first).
CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    identity      TEXT    NOT NULL UNIQUE,
    canonical_url TEXT,
    url           TEXT,
    portal        TEXT,
    title         TEXT,
    published     TEXT,
    day           TEXT,
    language      TEXT,
    revision      INTEGER NOT NULL,
    content_hash  TEXT    NOT NULL,
    n_entities    INTEGER NOT NULL,
    n_quotes      INTEGER NOT NULL,
    warta_version TEXT    NOT NULL,
    models        TEXT    NOT NULL,
    config_hash   TEXT    NOT NULL,
    analysed_at   TEXT    NOT NULL,
    stored_at     TEXT    NOT NULL
);
CREATE INDEX articles_published ON articles (published, id);
CREATE INDEX articles_day ON articles (day);
CREATE INDEX articles_portal ON articles (portal, day);
CREATE INDEX articles_content ON articles (content_hash);

-- The current revision's clean text and Document JSON (and raw text when known), apart from
-- `articles` so that filtering, sorting and joins read narrow rows.
CREATE TABLE article_content (
    article_id INTEGER PRIMARY KEY,
    text       TEXT    NOT NULL,
    doc_json   TEXT    NOT NULL,
    raw_json   TEXT
);

CREATE TABLE article_revisions (
    article_id    INTEGER NOT NULL,
    revision      INTEGER NOT NULL,
    content_hash  TEXT    NOT NULL,
    doc_json      TEXT    NOT NULL,
    raw_json      TEXT,
    warta_version TEXT    NOT NULL,
    models        TEXT    NOT NULL,
    config_hash   TEXT    NOT NULL,
    analysed_at   TEXT    NOT NULL,
    stored_at     TEXT    NOT NULL,
    PRIMARY KEY (article_id, revision)
);

CREATE TABLE ingested_inputs (
    raw_hash   TEXT    PRIMARY KEY,
    article_id INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE article_entities (
    article_id INTEGER NOT NULL,
    key        TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    name_norm  TEXT    NOT NULL,
    label      TEXT,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, key)
) WITHOUT ROWID;
CREATE INDEX article_entities_key ON article_entities (key, article_id);
CREATE INDEX article_entities_name ON article_entities (name_norm, article_id);

CREATE TABLE quotes (
    article_id  INTEGER NOT NULL,
    idx         INTEGER NOT NULL,
    speaker_key TEXT,
    speaker     TEXT,
    text        TEXT    NOT NULL,
    start_char  INTEGER,
    end_char    INTEGER,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX quotes_speaker ON quotes (speaker_key, article_id);

CREATE TABLE article_sources (
    article_id INTEGER NOT NULL,
    key        TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    kind       TEXT,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, key)
) WITHOUT ROWID;
CREATE INDEX article_sources_key ON article_sources (key, article_id);

CREATE TABLE events (
    article_id INTEGER NOT NULL,
    idx        INTEGER NOT NULL,
    code       TEXT,
    day        TEXT,
    data       TEXT    NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX events_code ON events (code, article_id);

CREATE TABLE ingest_failures (
    id     INTEGER PRIMARY KEY,
    path   TEXT    NOT NULL,
    line   INTEGER NOT NULL,
    reason TEXT    NOT NULL,
    at     TEXT    NOT NULL,
    UNIQUE (path, line, reason)
);

CREATE VIRTUAL TABLE articles_fts USING fts5 (terms, tokenize = 'unicode61 remove_diacritics 0');
