-- revision: rt109_5
-- down_revision: rt109_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
ALTER TABLE planned DROP COLUMN note;
