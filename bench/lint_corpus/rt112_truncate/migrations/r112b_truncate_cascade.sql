-- revision: r112b
-- down_revision: r112a
-- message: clear order events and what references them

-- migrate:upgrade
TRUNCATE order_events CASCADE;
