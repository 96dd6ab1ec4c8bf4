-- revision: rt110_3
-- down_revision: rt110_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
DROP TABLE fresh;
