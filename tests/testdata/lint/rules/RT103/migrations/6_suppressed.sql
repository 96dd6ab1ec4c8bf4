-- revision: rt103_6
-- down_revision: rt103_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT103 reviewed: orders is small in every environment
ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();
