-- revision: rt104_3
-- down_revision: rt104_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
ALTER TABLE fresh ADD COLUMN note text NOT NULL;
