-- revision: rt109_2
-- down_revision: rt109_1
-- message: the safe form

-- migrate:upgrade
ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;
