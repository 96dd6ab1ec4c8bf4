-- revision: rt001_1
-- down_revision:
-- message: a typo

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN note text NOT NUL;
