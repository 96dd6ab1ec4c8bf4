-- revision: rt103_5
-- down_revision: rt103_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
ALTER TABLE planned ADD COLUMN token uuid DEFAULT gen_random_uuid();
