-- revision: d005a
-- down_revision:
-- message: an index on a small lookup table

-- migrate:upgrade
-- retort:allow RT101 countries has 250 rows; the SHARE lock lasts milliseconds
CREATE INDEX IF NOT EXISTS countries_name_idx ON countries (name);
