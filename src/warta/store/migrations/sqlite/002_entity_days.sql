-- warta store schema 2 (SQLite): entity rows carry their article's day, indexed after the key and
-- after the normalised name, so a search filtered by an entity and dates reads only the entity rows
-- of those days (instead of every article of the entity).
DROP INDEX article_entities_key;
DROP INDEX article_entities_name;
ALTER TABLE article_entities ADD COLUMN day TEXT;
UPDATE article_entities SET day = (SELECT a.day FROM articles a WHERE a.id = article_entities.article_id);
CREATE INDEX article_entities_key ON article_entities (key, day, article_id);
CREATE INDEX article_entities_name ON article_entities (name_norm, day, article_id);
