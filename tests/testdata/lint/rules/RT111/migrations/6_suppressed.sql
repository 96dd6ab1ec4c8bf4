-- revision: rt111_6
-- down_revision: rt111_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT111 reviewed: orders is small in every environment
ALTER TABLE orders RENAME COLUMN note TO remark;
