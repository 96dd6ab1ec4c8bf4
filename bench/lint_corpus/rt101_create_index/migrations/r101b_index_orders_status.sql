-- revision: r101b
-- down_revision: r101a
-- message: index orders by status, concurrently

-- migrate:upgrade transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);
