-- revision: rt119_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN remark text;
UPDATE orders SET remark = note;
