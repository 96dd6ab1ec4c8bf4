-- revision: rt117_6
-- down_revision: rt117_5
-- message: suppressed with a reason

-- migrate:upgrade
UPDATE orders SET note = '';
-- retort:allow RT117 reviewed: orders is small in every environment
COMMIT;
