-- revision: rt109_6
-- down_revision: rt109_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT109 reviewed: orders is small in every environment
ALTER TABLE orders DROP COLUMN note;
