-- revision: r119a
-- down_revision:
-- message: add a column and backfill it in one transaction

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN IF NOT EXISTS vip boolean;
UPDATE orders SET vip = false WHERE id < 10000;
