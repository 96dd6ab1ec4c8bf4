-- revision: d002b
-- down_revision: d002a
-- message: index refunds by order

-- migrate:upgrade
CREATE INDEX IF NOT EXISTS refunds_order_id_idx ON refunds (order_id);
