-- revision: r102a
-- down_revision:
-- message: concurrent index in a transactional section

-- migrate:upgrade
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total_cents);
