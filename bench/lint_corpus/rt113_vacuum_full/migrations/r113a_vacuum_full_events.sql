-- revision: r113a
-- down_revision:
-- message: compact order events

-- migrate:upgrade transaction:false
VACUUM FULL order_events;
