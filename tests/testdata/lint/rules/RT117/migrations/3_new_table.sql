-- revision: rt117_3
-- down_revision: rt117_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
UPDATE fresh SET note = '';
COMMIT;
