-- revision: 3f2a-9c1b
-- down_revision:

-- migrate:upgrade
CREATE TABLE orders (id bigint PRIMARY KEY);
