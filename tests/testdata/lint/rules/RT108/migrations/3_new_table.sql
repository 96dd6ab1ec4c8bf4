-- revision: rt108_3
-- down_revision: rt108_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
ALTER TABLE fresh ADD CONSTRAINT fresh_note_key UNIQUE (note);
