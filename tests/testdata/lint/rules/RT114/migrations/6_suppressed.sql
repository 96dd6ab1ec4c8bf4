-- revision: rt114_6
-- down_revision: rt114_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT114 reviewed: orders is small in every environment
CLUSTER orders USING orders_pkey;
