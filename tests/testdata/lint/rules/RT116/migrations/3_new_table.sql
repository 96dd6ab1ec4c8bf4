-- revision: rt116_3
-- down_revision: rt116_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
LOCK TABLE fresh IN ACCESS EXCLUSIVE MODE;
