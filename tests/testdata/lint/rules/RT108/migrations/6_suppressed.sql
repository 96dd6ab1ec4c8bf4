-- revision: rt108_6
-- down_revision: rt108_5
-- message: suppressed with a reason

-- migrate:upgrade
-- retort:allow RT108 reviewed: orders is small in every environment
ALTER TABLE orders ADD CONSTRAINT orders_note_key UNIQUE (note);
