-- revision: rt116_5
-- down_revision: rt116_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
LOCK TABLE planned IN ACCESS EXCLUSIVE MODE;
