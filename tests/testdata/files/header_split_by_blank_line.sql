-- revision: 3f2a9c1b7d4e

-- down_revision: 1a2b3c4d5e6f
-- message: add orders table

-- migrate:upgrade
CREATE TABLE orders (id bigint PRIMARY KEY);
