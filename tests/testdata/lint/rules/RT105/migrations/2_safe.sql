-- revision: rt105_2
-- down_revision: rt105_1
-- message: the safe form

-- migrate:upgrade
ALTER TABLE orders ALTER COLUMN note TYPE text;
