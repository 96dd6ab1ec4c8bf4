-- revision: d006b
-- down_revision: d006a
-- message: a misspelt keyword

-- migrate:upgrade
ALTER TABLE orders ADD COLUM IF NOT EXISTS coupon_code text;
