-- revision: rt115_2
-- down_revision: rt115_1
-- message: the safe form

-- migrate:upgrade transaction:false
REINDEX TABLE CONCURRENTLY orders;
