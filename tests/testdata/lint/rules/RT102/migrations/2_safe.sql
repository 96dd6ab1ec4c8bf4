-- revision: rt102_2
-- down_revision: rt102_1
-- message: the safe form

-- migrate:upgrade transaction:false
CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);
