-- revision: r112a
-- down_revision:
-- message: clear order events

-- migrate:upgrade
TRUNCATE order_events;
