-- revision: rt108_2
-- down_revision: rt108_1
-- message: the safe form

-- migrate:upgrade
ALTER TABLE orders ADD CONSTRAINT orders_note_key UNIQUE USING INDEX orders_note_idx;
