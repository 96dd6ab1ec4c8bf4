-- revision: r107a
-- down_revision:
-- message: orders reference customers

-- migrate:upgrade
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
    FOREIGN KEY (customer_id) REFERENCES customers (id);
