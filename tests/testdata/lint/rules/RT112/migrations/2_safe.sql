-- revision: rt112_2
-- down_revision: rt112_1
-- message: the safe form

-- migrate:upgrade
DELETE FROM orders WHERE id < 100;
