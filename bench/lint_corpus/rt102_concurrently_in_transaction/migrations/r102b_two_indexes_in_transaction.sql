-- revision: r102b
-- down_revision: r102a
-- message: two concurrent indexes in a transactional section

-- migrate:upgrade
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total_cents);
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_channel_idx ON orders (channel);
