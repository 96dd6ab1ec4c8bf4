-- revision: rt103_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();
