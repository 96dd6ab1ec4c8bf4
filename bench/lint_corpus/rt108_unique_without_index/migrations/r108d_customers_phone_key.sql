-- revision: r108d
-- down_revision: r108c
-- message: then attach it

-- migrate:upgrade
ALTER TABLE customers ADD CONSTRAINT customers_phone_key
    UNIQUE USING INDEX customers_phone_idx;
