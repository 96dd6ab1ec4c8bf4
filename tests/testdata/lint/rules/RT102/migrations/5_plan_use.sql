-- revision: rt102_5
-- down_revision: rt102_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
CREATE INDEX CONCURRENTLY planned_id_idx ON planned (id);
