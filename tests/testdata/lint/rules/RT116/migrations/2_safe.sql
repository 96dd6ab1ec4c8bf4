-- revision: rt116_2
-- down_revision: rt116_1
-- message: the safe form

-- migrate:upgrade
LOCK TABLE orders IN ACCESS SHARE MODE;
