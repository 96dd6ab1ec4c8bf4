-- revision: 7a4d2b9e5f3c
-- down_revision: [5e2a9f4b7c1d, 6f3c1a8d4e2b]
-- message: merge billing and shipping
-- create_date: 2026-11-09T11:00:00Z

-- migrate:upgrade
-- Nothing to do: this revision only joins the two branches.

-- migrate:downgrade
-- Nothing to do.
