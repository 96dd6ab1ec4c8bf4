-- revision: rt115_5
-- down_revision: rt115_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade transaction:false
REINDEX TABLE planned;
