-- revision: rt104_2
-- down_revision: rt104_1
-- message: the safe form

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN note text NOT NULL DEFAULT '';
