-- revision: rt116_6
-- down_revision: rt116_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT116 reviewed: orders is small in every environment
LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;
