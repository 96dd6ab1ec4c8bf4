-- revision: rt115_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade transaction:false
REINDEX TABLE orders;
