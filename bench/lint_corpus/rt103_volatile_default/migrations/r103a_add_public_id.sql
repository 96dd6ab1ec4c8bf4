-- revision: r103a
-- down_revision:
-- message: public ids

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN IF NOT EXISTS public_id uuid DEFAULT gen_random_uuid();
