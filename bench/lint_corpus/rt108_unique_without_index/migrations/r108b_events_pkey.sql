-- revision: r108b
-- down_revision: r108a
-- message: events get a primary key

-- migrate:upgrade
ALTER TABLE events ADD PRIMARY KEY (id);
