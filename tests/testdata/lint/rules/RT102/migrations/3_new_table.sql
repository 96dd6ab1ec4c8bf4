-- revision: rt102_3
-- down_revision: rt102_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
CREATE INDEX CONCURRENTLY fresh_id_idx ON fresh (id);
