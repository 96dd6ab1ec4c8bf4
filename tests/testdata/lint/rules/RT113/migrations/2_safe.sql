-- revision: rt113_2
-- down_revision: rt113_1
-- message: the safe form

-- migrate:upgrade transaction:false
VACUUM orders;
