-- revision: 4b1d8c3e6f9a
-- down_revision: 3d9b5e1f7a2c
-- message: create invoices
-- create_date: 2026-11-05T14:20:00Z
-- branch_labels: [billing]

-- migrate:upgrade
CREATE TYPE invoice_status AS ENUM ('draft', 'issued', 'paid', 'void');

CREATE TABLE invoices (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id      bigint NOT NULL UNIQUE REFERENCES orders (id),
    status        invoice_status NOT NULL DEFAULT 'draft',
    total_cents   integer NOT NULL,
    issued_at     timestamptz
);

-- migrate:downgrade
DROP TABLE invoices;
DROP TYPE invoice_status;
