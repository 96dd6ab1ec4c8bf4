-- revision: rt113_5
-- down_revision: rt113_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade transaction:false
VACUUM FULL planned;
