-- revision: r118a
-- down_revision:
-- message: a nullable column, no timeout

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN IF NOT EXISTS gift boolean;
