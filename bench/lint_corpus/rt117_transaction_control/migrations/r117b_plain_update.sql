-- revision: r117b
-- down_revision: r117a
-- message: the section is the transaction

-- migrate:upgrade
UPDATE orders SET channel = 'web' WHERE channel IS NULL;
