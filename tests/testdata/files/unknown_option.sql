-- revision: 3f2a9c1b7d4e
-- down_revision: 1a2b3c4d5e6f

-- migrate:upgrade transactions:false
CREATE INDEX CONCURRENTLY orders_customer ON orders (customer_id);
