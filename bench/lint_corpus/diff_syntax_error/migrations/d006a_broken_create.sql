-- revision: d006a
-- down_revision:
-- message: a missing column definition

-- migrate:upgrade
CREATE TABLE IF NOT EXISTS coupons (id bigint PRIMARY KEY,);
