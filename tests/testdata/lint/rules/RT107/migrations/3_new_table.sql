-- revision: rt107_3
-- down_revision: rt107_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
ALTER TABLE fresh ADD CONSTRAINT fresh_id_pos CHECK (id > 0);
