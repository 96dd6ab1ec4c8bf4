-- revision: r106b
-- down_revision: r106a
-- message: a NOT VALID check first

-- migrate:upgrade
ALTER TABLE orders ADD CONSTRAINT orders_placed_at_nn CHECK (placed_at IS NOT NULL) NOT VALID;
