-- revision: 3f2a9c1b7d4e
-- down_revision: [1a2b3c4d5e6f, 9c3e1f0a2b4d, 1a2b3c4d5e6f]
-- message: merge heads

-- migrate:upgrade
