"""bench/compare: retort beside Alembic, dbmate and the psql floor (see bench/compare --help)."""
