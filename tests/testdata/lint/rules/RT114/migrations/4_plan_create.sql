-- revision: rt114_4
-- down_revision: rt114_3
-- message: creates a table

-- migrate:upgrade
CREATE TABLE planned (id bigint PRIMARY KEY, note text);
