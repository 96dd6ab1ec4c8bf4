-- revision: r106a
-- down_revision:
-- message: shipped_at required

-- migrate:upgrade
ALTER TABLE orders ALTER COLUMN shipped_at SET NOT NULL;
