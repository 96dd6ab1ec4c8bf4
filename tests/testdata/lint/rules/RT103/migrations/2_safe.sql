-- revision: rt103_2
-- down_revision: rt103_1
-- message: the safe form

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN token uuid DEFAULT '00000000-0000-0000-0000-000000000000';
