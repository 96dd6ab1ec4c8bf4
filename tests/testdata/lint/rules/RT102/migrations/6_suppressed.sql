-- revision: rt102_6
-- down_revision: rt102_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT102 reviewed: orders is small in every environment
CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);
