-- revision: rt105_6
-- down_revision: rt105_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT105 reviewed: orders is small in every environment
ALTER TABLE orders ALTER COLUMN id TYPE integer;
