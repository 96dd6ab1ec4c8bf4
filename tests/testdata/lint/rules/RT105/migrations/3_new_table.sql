-- revision: rt105_3
-- down_revision: rt105_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
ALTER TABLE fresh ALTER COLUMN id TYPE integer;
