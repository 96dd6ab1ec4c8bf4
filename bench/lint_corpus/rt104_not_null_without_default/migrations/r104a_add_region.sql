-- revision: r104a
-- down_revision:
-- message: required region

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN IF NOT EXISTS region text NOT NULL;
