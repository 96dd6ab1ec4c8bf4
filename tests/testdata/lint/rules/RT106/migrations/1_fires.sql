-- revision: rt106_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
