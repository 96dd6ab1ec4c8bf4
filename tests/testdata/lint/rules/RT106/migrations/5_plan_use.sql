-- revision: rt106_5
-- down_revision: rt106_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
ALTER TABLE planned ALTER COLUMN note SET NOT NULL;
