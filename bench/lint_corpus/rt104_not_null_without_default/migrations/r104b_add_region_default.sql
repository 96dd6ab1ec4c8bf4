-- revision: r104b
-- down_revision: r104a
-- message: required region with a default

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN IF NOT EXISTS region text NOT NULL DEFAULT 'eu';
