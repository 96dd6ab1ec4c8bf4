-- revision: rt108_1
-- down_revision: 
-- message: fires on an existing table

-- migrate:upgrade
ALTER TABLE orders ADD CONSTRAINT orders_note_key UNIQUE (note);
