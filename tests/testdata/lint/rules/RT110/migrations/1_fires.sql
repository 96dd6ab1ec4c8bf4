-- revision: rt110_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
DROP TABLE orders;
