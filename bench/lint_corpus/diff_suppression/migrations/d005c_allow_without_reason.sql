-- revision: d005c
-- down_revision: d005b
-- message: a suppression without a reason

-- migrate:upgrade
-- retort:allow RT109
ALTER TABLE orders DROP COLUMN IF EXISTS promo;
