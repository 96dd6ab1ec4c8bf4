CREATE TABLE orders (
  id bigint PRIMARY KEY,
  total numeric(12, 2) NOT NULL
);

CREATE INDEX orders_total ON orders (total);
   INSERT INTO orders VALUES (1, 9.99)   ;
SELECT 1
