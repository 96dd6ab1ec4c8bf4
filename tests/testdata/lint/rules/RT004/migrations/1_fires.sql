-- revision: rt004_1
-- down_revision:
-- message: a suppression without a reason

-- migrate:upgrade
-- retort:allow RT101
CREATE INDEX orders_note_idx ON orders (note);
