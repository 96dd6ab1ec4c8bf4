-- revision: r115b
-- down_revision: r115a
-- message: reindex concurrently

-- migrate:upgrade transaction:false
REINDEX TABLE CONCURRENTLY order_events;
