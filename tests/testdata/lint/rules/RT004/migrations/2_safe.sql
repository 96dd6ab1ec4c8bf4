-- revision: rt004_2
-- down_revision: rt004_1
-- message: with a reason

-- migrate:upgrade
-- retort:allow RT101 orders has 40 rows in every environment
CREATE INDEX orders_id_idx ON orders (id);
