-- revision: r119b
-- down_revision: r119a
-- message: the ACCESS EXCLUSIVE statement last

-- migrate:upgrade
UPDATE orders SET channel = 'web' WHERE channel IS NULL AND id < 10000;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS loyal boolean;
