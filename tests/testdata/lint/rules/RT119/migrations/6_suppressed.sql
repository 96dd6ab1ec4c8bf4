-- revision: rt119_6
-- down_revision: rt119_5
-- message: suppressed with a reason

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN remark text;
-- retort:allow RT119 reviewed: orders is small in every environment
UPDATE orders SET remark = note;
