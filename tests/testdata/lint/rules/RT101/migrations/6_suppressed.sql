-- revision: rt101_6
-- down_revision: rt101_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT101 reviewed: orders is small in every environment
CREATE INDEX orders_id_idx ON orders (id);
