-- revision: d005b
-- down_revision: d005a
-- message: a suppression with nothing to suppress

-- migrate:upgrade
-- retort:allow RT109 nothing is dropped here any more
ALTER TABLE orders ADD COLUMN IF NOT EXISTS promo text;
