-- revision: r117a
-- down_revision:
-- message: its own transaction

-- migrate:upgrade
BEGIN;
UPDATE orders SET channel = 'web' WHERE channel IS NULL;
COMMIT;
