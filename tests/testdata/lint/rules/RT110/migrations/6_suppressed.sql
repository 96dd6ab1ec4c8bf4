-- revision: rt110_6
-- down_revision: rt110_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT110 reviewed: orders is small in every environment
DROP TABLE orders;
