-- revision: 3f2a9c1b7d4e
-- down_revision: 1a2b3c4d5e6f
-- message: add orders table
-- create_date: 2026-11-21T12:00:00Z
-- message: add the orders table

-- migrate:upgrade
CREATE TABLE orders (id bigint PRIMARY KEY);
