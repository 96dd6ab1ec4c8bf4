-- revision: 3f2a9c1b7d4e
-- down_revision: 1a2b3c4d5e6f
-- mesage: add orders table
-- create_date: 2026-11-21T12:00:00Z

-- migrate:upgrade
CREATE TABLE orders (id bigint PRIMARY KEY);

-- migrate:downgrade
DROP TABLE orders;
