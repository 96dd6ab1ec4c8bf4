-- revision: r115a
-- down_revision:
-- message: reindex order events

-- migrate:upgrade
REINDEX TABLE order_events;
