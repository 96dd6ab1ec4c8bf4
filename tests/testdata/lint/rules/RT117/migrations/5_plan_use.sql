-- revision: rt117_5
-- down_revision: rt117_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
UPDATE planned SET note = '';
COMMIT;
