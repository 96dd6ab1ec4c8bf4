-- revision: r103b
-- down_revision: r103a
-- message: a constant default is metadata only (PostgreSQL 11+)

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN IF NOT EXISTS channel text DEFAULT 'web';
