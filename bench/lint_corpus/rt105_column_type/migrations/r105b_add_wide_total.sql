-- revision: r105b
-- down_revision: r105a
-- message: a new column to backfill instead

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN IF NOT EXISTS total_cents_wide bigint;
