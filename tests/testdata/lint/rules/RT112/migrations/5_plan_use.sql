-- revision: rt112_5
-- down_revision: rt112_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
TRUNCATE planned;
