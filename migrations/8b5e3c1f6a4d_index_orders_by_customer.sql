-- revision: 8b5e3c1f6a4d
-- down_revision: 7a4d2b9e5f3c
-- message: |
--   index orders by customer
--
--   CREATE INDEX CONCURRENTLY cannot run inside a transaction, so both
--   sections run in autocommit; the table stays writable while it builds.
-- create_date: 2026-11-12T07:30:00Z

-- migrate:upgrade transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_placed_at_idx
    ON orders (customer_id, placed_at DESC);

-- migrate:downgrade transaction:false
DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_placed_at_idx;
