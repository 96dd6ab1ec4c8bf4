-- revision: rt110_5
-- down_revision: rt110_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
DROP TABLE planned;
