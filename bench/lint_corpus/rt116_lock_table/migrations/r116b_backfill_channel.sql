-- revision: r116b
-- down_revision: r116a
-- message: a batched backfill without a table lock

-- migrate:upgrade
UPDATE orders SET channel = 'web' WHERE channel IS NULL AND id < 10000;
