-- revision: 5e2a9f4b7c1d
-- down_revision: 4b1d8c3e6f9a
-- message: add invoice payments
-- create_date: 2026-11-06T08:45:00Z

-- migrate:upgrade
CREATE TABLE payments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id    bigint NOT NULL REFERENCES invoices (id),
    amount_cents  integer NOT NULL CHECK (amount_cents > 0),
    paid_at       timestamptz NOT NULL DEFAULT now()
);

-- migrate:downgrade
DROP TABLE payments;
