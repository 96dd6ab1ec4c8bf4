-- revision: rt107_2
-- down_revision: rt107_1
-- message: the safe form

-- migrate:upgrade
ALTER TABLE orders ADD CONSTRAINT orders_id_pos CHECK (id > 0) NOT VALID;
