-- warta store schema 2 (PostgreSQL).
--
-- Entity rows carry their article's day, indexed after the key and after the normalised name, so a
-- search filtered by an entity and dates reads only the entity rows of those days (instead of every
-- article of the entity).
DROP INDEX article_entities_key;
DROP INDEX article_entities_name;
ALTER TABLE article_entities ADD COLUMN day TEXT;
UPDATE article_entities e SET day = a.day FROM articles a WHERE a.id = e.article_id;
CREATE INDEX article_entities_key ON article_entities (key, day, article_id);
CREATE INDEX article_entities_name ON article_entities (name_norm, day, article_id);

-- The phrase bigrams of warta.store.text.index_tokens move out of `search` into `pairs` (without
-- positions): ranking reads `search` only, a third of the size (each read is a TOAST fetch), and
-- the GIN index covers both columns. Bigram tokens are the ones holding text.BIGRAM_MARK ("xq").
DROP INDEX article_search_gin;
ALTER TABLE article_search ADD COLUMN pairs tsvector;
ALTER TABLE article_search ALTER COLUMN pairs SET STORAGE EXTERNAL;
UPDATE article_search SET
    pairs = array_to_tsvector(ARRAY(SELECT lexeme FROM unnest(search) WHERE lexeme LIKE '%xq%')),
    search = ts_delete(search, ARRAY(SELECT lexeme FROM unnest(search) WHERE lexeme LIKE '%xq%'));
ALTER TABLE article_search ALTER COLUMN pairs SET NOT NULL;
CREATE INDEX article_search_gin ON article_search USING GIN (search, pairs);

-- Article texts and Document JSON are compressed with lz4, about five times cheaper to write than
-- the default pglz, where the server has it (PostgreSQL 14+ built with lz4); elsewhere the default
-- stays. Applies to values written from now on.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE article_content ALTER COLUMN text SET COMPRESSION lz4, '
            'ALTER COLUMN doc_json SET COMPRESSION lz4, ALTER COLUMN raw_json SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE article_revisions ALTER COLUMN doc_json SET COMPRESSION lz4, '
            'ALTER COLUMN raw_json SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR syntax_error THEN
    RAISE NOTICE 'lz4 compression is not available; article texts keep the default compression';
END
$$;
