-- revision: r101a
-- down_revision:
-- message: index orders by date

-- migrate:upgrade
CREATE INDEX IF NOT EXISTS orders_placed_at_idx ON orders (placed_at);
