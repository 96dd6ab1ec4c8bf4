-- revision: r102c
-- down_revision: r102b
-- message: the same in autocommit

-- migrate:upgrade transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total_cents);
