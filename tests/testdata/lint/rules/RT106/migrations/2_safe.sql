-- revision: rt106_2
-- down_revision: rt106_1
-- message: the safe form

-- migrate:upgrade
ALTER TABLE orders ADD CONSTRAINT orders_shipped_at_nn CHECK (shipped_at IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_shipped_at_nn;
ALTER TABLE orders ALTER COLUMN shipped_at SET NOT NULL;
