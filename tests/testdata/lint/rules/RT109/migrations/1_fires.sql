-- revision: rt109_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
ALTER TABLE orders DROP COLUMN note;
