-- revision: r107b
-- down_revision: r107a
-- message: totals are positive

-- migrate:upgrade
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total_cents >= 0);
