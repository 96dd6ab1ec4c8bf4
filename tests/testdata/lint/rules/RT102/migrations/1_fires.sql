-- revision: rt102_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);
