-- revision: rt113_6
-- down_revision: rt113_5
-- message: suppressed with a reason

-- migrate:upgrade transaction:false
-- retort:allow RT113 reviewed: orders is small in every environment
VACUUM FULL orders;
