-- revision: rt118_5
-- down_revision: rt118_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
ALTER TABLE planned ADD COLUMN remark text;
