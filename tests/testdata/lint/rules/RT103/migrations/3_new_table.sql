-- revision: rt103_3
-- down_revision: rt103_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
ALTER TABLE fresh ADD COLUMN token uuid DEFAULT gen_random_uuid();
