-- revision: rt115_3
-- down_revision: rt115_2
-- message: a table created earlier in the revision

-- migrate:upgrade transaction:false
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
REINDEX TABLE fresh;
