-- revision: 3f2a9c1b7d4e
-- message: add orders table

-- migrate:upgrade
CREATE TABLE orders (id bigint PRIMARY KEY);
