-- revision: rt106_3
-- down_revision: rt106_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
ALTER TABLE fresh ALTER COLUMN note SET NOT NULL;
