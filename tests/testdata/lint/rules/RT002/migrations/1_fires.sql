-- revision: rt002_1
-- down_revision:
-- message: syntax newer than the grammar

-- migrate:upgrade
SELECT JSON_SERIALIZE(payload RETURNING text) FROM events;
