-- revision: rt110_2
-- down_revision: rt110_1
-- message: the safe form

-- migrate:upgrade
DROP VIEW IF EXISTS orders_view;
