-- revision: rt104_5
-- down_revision: rt104_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
ALTER TABLE planned ADD COLUMN note text NOT NULL;
