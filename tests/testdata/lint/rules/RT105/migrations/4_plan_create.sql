-- revision: rt105_4
-- down_revision: rt105_3
-- message: creates a table

-- migrate:upgrade
CREATE TABLE planned (id bigint PRIMARY KEY, note text);
