-- revision: r108a
-- down_revision:
-- message: unique emails

-- migrate:upgrade
ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email);
