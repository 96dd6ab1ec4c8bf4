-- revision: rt112_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
TRUNCATE orders;
