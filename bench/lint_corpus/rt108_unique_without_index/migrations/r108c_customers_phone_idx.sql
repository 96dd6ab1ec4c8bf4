-- revision: r108c
-- down_revision: r108b
-- message: build the unique index concurrently

-- migrate:upgrade transaction:false
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS customers_phone_idx ON customers (phone);
