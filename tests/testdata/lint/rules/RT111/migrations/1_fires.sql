-- revision: rt111_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
ALTER TABLE orders RENAME COLUMN note TO remark;
