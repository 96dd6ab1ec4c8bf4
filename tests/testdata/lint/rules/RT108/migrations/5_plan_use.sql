-- revision: rt108_5
-- down_revision: rt108_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
ALTER TABLE planned ADD CONSTRAINT planned_note_key UNIQUE (note);
