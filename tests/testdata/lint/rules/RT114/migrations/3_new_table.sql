-- revision: rt114_3
-- down_revision: rt114_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
CLUSTER fresh USING fresh_pkey;
