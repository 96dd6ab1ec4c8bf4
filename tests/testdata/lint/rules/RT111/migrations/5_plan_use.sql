-- revision: rt111_5
-- down_revision: rt111_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
ALTER TABLE planned RENAME COLUMN note TO remark;
