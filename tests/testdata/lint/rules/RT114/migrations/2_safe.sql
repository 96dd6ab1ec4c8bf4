-- revision: rt114_2
-- down_revision: rt114_1
-- message: the safe form

-- migrate:upgrade
ANALYZE orders;
