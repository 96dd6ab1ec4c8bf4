-- revision: rt105_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
ALTER TABLE orders ALTER COLUMN id TYPE integer;
