-- revision: rt101_3
-- down_revision: rt101_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
CREATE INDEX fresh_id_idx ON fresh (id);
