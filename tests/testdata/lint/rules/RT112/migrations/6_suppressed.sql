-- revision: rt112_6
-- down_revision: rt112_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT112 reviewed: orders is small in every environment
TRUNCATE orders;
