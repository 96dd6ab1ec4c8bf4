-- revision: rt117_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
UPDATE orders SET note = '';
COMMIT;
