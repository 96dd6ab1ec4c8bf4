-- revision: r105a
-- down_revision:
-- message: widen totals

-- migrate:upgrade
ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;
