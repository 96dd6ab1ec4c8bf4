-- revision: r114a
-- down_revision:
-- message: cluster order events

-- migrate:upgrade
CLUSTER order_events USING order_events_pkey;
