-- revision: r113b
-- down_revision: r113a
-- message: plain vacuum

-- migrate:upgrade transaction:false
VACUUM (ANALYZE) order_events;
