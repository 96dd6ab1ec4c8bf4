-- revision: rt107_6
-- down_revision: rt107_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT107 reviewed: orders is small in every environment
ALTER TABLE orders ADD CONSTRAINT orders_id_pos CHECK (id > 0);
