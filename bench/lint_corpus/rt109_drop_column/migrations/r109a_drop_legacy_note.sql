-- revision: r109a
-- down_revision:
-- message: drop the legacy note

-- migrate:upgrade
ALTER TABLE orders DROP COLUMN IF EXISTS legacy_note;
