-- revision: rt119_3
-- down_revision: rt119_2
-- message: a table created earlier in the revision

-- migrate:upgrade
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
ALTER TABLE fresh ADD COLUMN remark text;
UPDATE fresh SET remark = note;
