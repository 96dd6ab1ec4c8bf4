-- revision: d004a
-- down_revision:
-- message: a nullable column

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN IF NOT EXISTS coupon text;
