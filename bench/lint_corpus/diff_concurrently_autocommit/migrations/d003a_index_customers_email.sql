-- revision: d003a
-- down_revision:
-- message: concurrent indexes in autocommit

-- migrate:upgrade transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_name_idx ON customers (full_name);
CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_created_idx ON customers (created_at);
