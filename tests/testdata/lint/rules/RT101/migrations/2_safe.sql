-- revision: rt101_2
-- down_revision: rt101_1
-- message: the safe form

-- migrate:upgrade transaction:false
CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);
