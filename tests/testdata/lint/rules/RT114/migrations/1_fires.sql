-- revision: rt114_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
CLUSTER orders USING orders_pkey;
