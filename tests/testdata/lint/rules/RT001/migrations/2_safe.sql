-- revision: rt001_2
-- down_revision: rt001_1
-- message: the same, spelled right

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN note text;

-- migrate:downgrade
ALTER TABLE orders DROP COLUMN note;
