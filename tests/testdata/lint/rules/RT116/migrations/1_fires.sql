-- revision: rt116_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;
