-- revision: rt114_5
-- down_revision: rt114_4
-- message: a table created by an earlier step of the plan

-- migrate:upgrade
CLUSTER planned USING planned_pkey;
