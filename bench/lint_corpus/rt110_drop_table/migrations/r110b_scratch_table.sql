-- revision: r110b
-- down_revision: r110a
-- message: a scratch table created and dropped in one revision

-- migrate:upgrade
CREATE TABLE IF NOT EXISTS import_scratch (id bigint PRIMARY KEY, payload text);
INSERT INTO import_scratch SELECT id, note FROM orders WHERE note IS NOT NULL;
DROP TABLE import_scratch;
