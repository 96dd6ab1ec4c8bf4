-- revision: rt111_2
-- down_revision: rt111_1
-- message: the safe form

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN remark text;
