-- revision: r109b
-- down_revision: r109a
-- message: deprecate it first

-- migrate:upgrade
COMMENT ON COLUMN orders.legacy_note IS 'deprecated: dropped in the next release';
