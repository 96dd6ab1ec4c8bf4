-- revision: r112c
-- down_revision: r112b
-- message: delete old rows instead

-- migrate:upgrade
DELETE FROM order_events WHERE created_at < now() - interval '90 days';
