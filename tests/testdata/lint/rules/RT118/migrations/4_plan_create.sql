-- revision: rt118_4
-- down_revision: rt118_3
-- message: creates a table

-- migrate:upgrade
CREATE TABLE planned (id bigint PRIMARY KEY, note text);
