-- revision: rt109_3
-- down_revision: rt109_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
ALTER TABLE fresh DROP COLUMN note;
