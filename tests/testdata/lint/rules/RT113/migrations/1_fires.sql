-- revision: rt113_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade transaction:false
VACUUM FULL orders;
