-- revision: r106c
-- down_revision: r106b
-- message: validate, then SET NOT NULL uses the check

-- migrate:upgrade
ALTER TABLE orders VALIDATE CONSTRAINT orders_placed_at_nn;
ALTER TABLE orders ALTER COLUMN placed_at SET NOT NULL;
