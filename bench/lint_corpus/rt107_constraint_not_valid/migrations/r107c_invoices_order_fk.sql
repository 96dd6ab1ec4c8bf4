-- revision: r107c
-- down_revision: r107b
-- message: NOT VALID first

-- migrate:upgrade
ALTER TABLE invoices ADD CONSTRAINT invoices_order_fk
    FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;
