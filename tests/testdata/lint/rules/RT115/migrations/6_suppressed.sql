-- revision: rt115_6
-- down_revision: rt115_5
-- message: suppressed with a reason

-- migrate:upgrade transaction:false
-- retort:allow RT115 reviewed: orders is small in every environment
REINDEX TABLE orders;
