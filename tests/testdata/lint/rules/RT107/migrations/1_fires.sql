-- revision: rt107_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
ALTER TABLE orders ADD CONSTRAINT orders_id_pos CHECK (id > 0);
