-- revision: rt107_5
-- down_revision: rt107_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
ALTER TABLE planned ADD CONSTRAINT planned_id_pos CHECK (id > 0);
