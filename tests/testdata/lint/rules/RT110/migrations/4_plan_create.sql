-- revision: rt110_4
-- down_revision: rt110_3
-- message: creates a table

-- migrate:upgrade
CREATE TABLE planned (id bigint PRIMARY KEY, note text);
