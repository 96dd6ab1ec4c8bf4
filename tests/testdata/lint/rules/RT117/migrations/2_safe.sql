-- revision: rt117_2
-- down_revision: rt117_1
-- message: the safe form

-- migrate:upgrade
SAVEPOINT before_update;
UPDATE orders SET note = '';
RELEASE SAVEPOINT before_update;
