-- revision: rt118_2
-- down_revision: rt118_1
-- message: the safe form

-- migrate:upgrade
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN remark text;
