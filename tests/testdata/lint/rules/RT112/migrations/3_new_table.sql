-- revision: rt112_3
-- down_revision: rt112_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
TRUNCATE fresh;
