-- revision: rt119_2
-- down_revision: rt119_1
-- message: the safe form

-- migrate:upgrade
UPDATE orders SET note = '';
ALTER TABLE orders ADD COLUMN remark text;
