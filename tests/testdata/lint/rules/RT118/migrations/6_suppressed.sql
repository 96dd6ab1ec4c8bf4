-- revision: rt118_6
-- down_revision: rt118_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT118 reviewed: orders is small in every environment
ALTER TABLE orders ADD COLUMN remark text;
