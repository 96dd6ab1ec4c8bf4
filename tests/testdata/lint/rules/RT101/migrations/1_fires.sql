-- revision: rt101_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
CREATE INDEX orders_id_idx ON orders (id);
