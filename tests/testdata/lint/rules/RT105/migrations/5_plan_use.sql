-- revision: rt105_5
-- down_revision: rt105_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
ALTER TABLE planned ALTER COLUMN id TYPE integer;
