-- revision: rt111_3
-- down_revision: rt111_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
ALTER TABLE fresh RENAME COLUMN note TO remark;
