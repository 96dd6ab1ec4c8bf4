-- revision: rt104_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN note text NOT NULL;
