-- revision: r111b
-- down_revision: r111a
-- message: rename invoices to bills

-- migrate:upgrade
ALTER TABLE invoices RENAME TO bills;
