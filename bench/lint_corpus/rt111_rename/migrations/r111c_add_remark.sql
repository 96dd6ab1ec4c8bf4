-- revision: r111c
-- down_revision: r111b
-- message: add the new column instead

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN IF NOT EXISTS remark text;
