-- revision: r116a
-- down_revision:
-- message: lock orders for a backfill

-- migrate:upgrade
LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;
