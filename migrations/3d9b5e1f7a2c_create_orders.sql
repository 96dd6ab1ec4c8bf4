-- revision: 3d9b5e1f7a2c
-- down_revision: 2a8f3b6c9d1e
-- message: |
--   create orders and order lines
--
--   Prices are copied into order_lines so later price changes do not
--   rewrite past orders.
-- create_date: 2026-11-03T10:05:00Z

-- migrate:upgrade
CREATE TABLE orders (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES customers (id),
    placed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_lines (
    order_id          bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no           integer NOT NULL,
    product_id        bigint NOT NULL REFERENCES products (id),
    quantity          integer NOT NULL CHECK (quantity > 0),
    unit_price_cents  integer NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- migrate:downgrade
DROP TABLE order_lines;
DROP TABLE orders;
