"""The PostgreSQL server of a differential run and the databases on it.

The server is the one RETORT_TEST_DATABASE_URL names (its user may CREATE
DATABASE), or a throwaway cluster started with scripts/pg-scratch and
stopped at exit, as the integration tests do.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

import psycopg2

VERSION_TABLE_DDL = (
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
    "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
)


class Server:
    """Start with Server.start(); raises RuntimeError when no server can be had."""

    def __init__(self, admin_url: str, scratch_dir: str | None, source_dir: Path):
        self.admin_url = admin_url
        self._scratch = scratch_dir
        self._source = source_dir
        self._count = 0

    @classmethod
    def start(cls, source_dir: Path) -> "Server":
        given = os.environ.get("RETORT_TEST_DATABASE_URL")
        if given:
            return cls(given, None, source_dir)
        scratch = tempfile.mkdtemp(prefix="retort-diff-pg-")
        proc = subprocess.run([str(source_dir / "scripts" / "pg-scratch"), "start", scratch],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"scripts/pg-scratch start failed: {proc.stderr.strip()}")
        return cls(proc.stdout.strip().splitlines()[-1], scratch, source_dir)

    def stop(self) -> None:
        if self._scratch:
            subprocess.run([str(self._source / "scripts" / "pg-scratch"), "stop", self._scratch],
                           capture_output=True)
            self._scratch = None

    def create_database(self) -> str:
        """A fresh database with applied_log(seq, rev, direction); returns its URL."""
        self._count += 1
        name = f"diff_{os.getpid()}_{self._count}"
        conn = psycopg2.connect(self.admin_url)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cur.execute(f'CREATE DATABASE "{name}"')
        conn.close()
        url = _with_database(self.admin_url, name)
        execute(url, "CREATE TABLE applied_log (seq serial PRIMARY KEY, rev text, direction text)")
        return url

    def drop_database(self, url: str) -> None:
        name = urllib.parse.urlsplit(url).path.lstrip("/")
        conn = psycopg2.connect(self.admin_url)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def _with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def execute(url: str, *statements: str) -> None:
    conn = psycopg2.connect(url)
    try:
        with conn, conn.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
    finally:
        conn.close()


def query(url: str, sql: str) -> list[tuple]:
    conn = psycopg2.connect(url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()
    finally:
        conn.close()


def version_rows(url: str) -> list[str]:
    """The version table's rows in the server's order; [] without a table."""
    if not query(url, "SELECT to_regclass('public.alembic_version') IS NOT NULL")[0][0]:
        return []
    return [r[0] for r in query(url, "SELECT version_num FROM alembic_version")]


def applied_log(url: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in query(url, "SELECT rev, direction FROM applied_log ORDER BY seq")]


def rewrite_version_rows(url: str, rows: list[str]) -> None:
    """Replaces the rows by `rows`, physically in that order (TRUNCATE gives the
    table a new, empty file, so a sequential scan returns them as inserted)."""
    if not query(url, "SELECT to_regclass('public.alembic_version') IS NOT NULL")[0][0]:
        if not rows:
            return
        execute(url, VERSION_TABLE_DDL)
    values = ", ".join(f"('{r}')" for r in rows)
    statements = ["TRUNCATE alembic_version"]
    if rows:
        statements.append(f"INSERT INTO alembic_version (version_num) VALUES {values}")
    execute(url, *statements)


def run_psql(url: str, script: str) -> tuple[bool, str]:
    """Feeds `script` to psql (stopping at the first error); (success, stderr)."""
    proc = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"],
                          input=script, capture_output=True, text=True, timeout=120)
    return proc.returncode == 0, proc.stderr
