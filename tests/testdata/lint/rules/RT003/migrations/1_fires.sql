-- revision: rt003_1
-- down_revision:
-- message: suppressions that suppress nothing

-- migrate:upgrade
-- retort:allow RT101 there is no index here
ALTER TABLE orders ADD COLUMN note text;
-- retort:allow RT999 no such rule
SELECT 1;
SELECT 2; -- retort:allow RT110 nothing is dropped
