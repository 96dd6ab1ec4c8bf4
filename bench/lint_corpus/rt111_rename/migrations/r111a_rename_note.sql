-- revision: r111a
-- down_revision:
-- message: rename note to remark

-- migrate:upgrade
ALTER TABLE orders RENAME COLUMN note TO remark;
