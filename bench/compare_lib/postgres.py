"""The throwaway PostgreSQL server and its databases.

Server.start() runs scripts/pg-scratch (initdb + pg_ctl as an unprivileged
user, a private socket directory); every tool connects over that Unix socket,
so transport costs are the same for all. Databases are cheap copies of
template databases: fresh() creates one and touches it once with psql, so no
tool pays the first-connection cost (catalog caches) alone.
"""
import os
import subprocess
import tempfile
import urllib.parse


class Server:
    def __init__(self, repo, psql):
        self.repo = repo
        self.psql = psql                      # path of the real psql binary
        self.dir = None
        self.host = self.port = None
        self.counter = 0

    def start(self):
        # The server user must be able to reach the directory: not under /root.
        self.dir = tempfile.mktemp(prefix="retort-compare-pg.", dir="/tmp")
        url = subprocess.run([os.path.join(self.repo, "scripts/pg-scratch"), "start", self.dir],
                             check=True, capture_output=True, text=True).stdout.strip()
        query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
        self.host, self.port = query["host"][0], query["port"][0]

    def stop(self):
        if self.dir:
            subprocess.run([os.path.join(self.repo, "scripts/pg-scratch"), "stop", self.dir],
                           check=False, capture_output=True)
            self.dir = None

    # Connection strings, one per client library, all over the Unix socket.
    def url(self, db):
        return "postgresql://retort@/%s?host=%s&port=%s" % (db, self.host, self.port)

    def alembic_url(self, db):
        return "postgresql+psycopg2://retort@/%s?host=%s&port=%s" % (db, self.host, self.port)

    def dbmate_url(self, db):
        return "postgres://retort@/%s?socket=%s&port=%s&sslmode=disable" % (db, self.host, self.port)

    def sql(self, db, text):
        """Runs SQL in `db` (stops at the first error); returns unaligned output."""
        done = subprocess.run([self.psql, "-X", "-qtA", "-v", "ON_ERROR_STOP=1", "-d", self.url(db),
                               "-c", text], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError("psql on %s failed: %s" % (db, done.stderr.strip()))
        return done.stdout.strip()

    def create(self, db, template=None):
        self.sql("postgres", "CREATE DATABASE %s%s" % (db, " TEMPLATE " + template if template else ""))

    def drop(self, db):
        self.sql("postgres", "DROP DATABASE IF EXISTS %s" % db)

    def fresh(self, template):
        """A new database copied from `template`, touched once; returns its name."""
        self.counter += 1
        db = "run_%d" % self.counter
        self.create(db, template)
        self.sql(db, "SELECT 1")
        return db

    def table_count(self, db):
        return int(self.sql(db, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 't\\_%'"))


DBMATE_TABLE = "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)"


def mark_dbmate_applied(server, db, count):
    """Fills dbmate's schema_migrations as if versions 1..count were applied
    (the versions bench/generate_project.py --dbmate writes)."""
    server.sql(db, DBMATE_TABLE + "; INSERT INTO schema_migrations "
               "SELECT lpad(g::text, 8, '0') FROM generate_series(1, %d) g" % count)
