-- revision: 2a8f3b6c9d1e
-- down_revision: 1c4e7a9b2d5f
-- message: create products
-- create_date: 2026-11-02T09:31:00Z

-- migrate:upgrade
CREATE TABLE products (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku          text NOT NULL UNIQUE,
    name         text NOT NULL,
    price_cents  integer NOT NULL CHECK (price_cents >= 0),
    active       boolean NOT NULL DEFAULT true
);

-- migrate:downgrade
DROP TABLE products;
