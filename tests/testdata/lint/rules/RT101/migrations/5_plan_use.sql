-- revision: rt101_5
-- down_revision: rt101_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
CREATE INDEX planned_id_idx ON planned (id);
