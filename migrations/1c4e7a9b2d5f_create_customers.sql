-- revision: 1c4e7a9b2d5f
-- down_revision:
-- message: create customers
-- create_date: 2026-11-02T09:14:00Z

-- migrate:upgrade
CREATE TABLE customers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL,
    full_name   text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customers_email_key UNIQUE (email)
);

-- migrate:downgrade
DROP TABLE customers;
