-- revision: r107d
-- down_revision: r107c
-- message: then validate in its own transaction

-- migrate:upgrade
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_order_fk;
