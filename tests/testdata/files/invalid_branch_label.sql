-- revision: 3f2a9c1b7d4e
-- down_revision:
-- branch_labels: [billing, release-2]

-- migrate:upgrade
CREATE SCHEMA billing;
