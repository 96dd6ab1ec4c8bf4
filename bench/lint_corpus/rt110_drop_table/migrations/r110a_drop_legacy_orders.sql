-- revision: r110a
-- down_revision:
-- message: drop legacy orders

-- migrate:upgrade
DROP TABLE IF EXISTS legacy_orders;
