-- revision: 6f3c1a8d4e2b
-- down_revision: 3d9b5e1f7a2c
-- message: create shipments
-- create_date: 2026-11-05T16:10:00Z
-- branch_labels: [shipping]

-- migrate:upgrade
CREATE TABLE shipments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id      bigint NOT NULL REFERENCES orders (id),
    carrier       text NOT NULL,
    tracking_code text,
    shipped_at    timestamptz
);

-- migrate:downgrade
DROP TABLE shipments;
