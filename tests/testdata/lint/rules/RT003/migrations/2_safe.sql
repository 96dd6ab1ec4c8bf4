-- revision: rt003_2
-- down_revision: rt003_1
-- message: a suppression used, on the same line

-- migrate:upgrade
CREATE INDEX orders_note_idx ON orders (note); -- retort:allow RT101 orders has 40 rows
