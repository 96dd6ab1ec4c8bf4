-- revision: rt106_6
-- down_revision: rt106_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT106 reviewed: orders is small in every environment
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
