-- revision: rt104_6
-- down_revision: rt104_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT104 reviewed: orders is small in every environment
ALTER TABLE orders ADD COLUMN note text NOT NULL;
