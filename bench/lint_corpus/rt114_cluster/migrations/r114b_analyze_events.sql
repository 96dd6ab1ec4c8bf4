-- revision: r114b
-- down_revision: r114a
-- message: analyze instead

-- migrate:upgrade
ANALYZE order_events;
