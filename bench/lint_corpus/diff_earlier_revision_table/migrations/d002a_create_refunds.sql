-- revision: d002a
-- down_revision:
-- message: refunds

-- migrate:upgrade
CREATE TABLE IF NOT EXISTS refunds (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL,
    amount_cents bigint NOT NULL
);
