-- revision: r118b
-- down_revision: r118a
-- message: a nullable column, SET LOCAL lock_timeout first

-- migrate:upgrade
SET LOCAL lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN IF NOT EXISTS wrapped boolean;
