"""The same graph as a retort project and as an Alembic 1.8.1 project, and how
each tool is run on it.

Both projects name revision file i of the load order `NNN_<id>`, so sorted
file names give the same order to both tools. retort sorts the names itself
(docs/alembic-semantics.md §1.2). Alembic 1.8.1 takes them in os.listdir
order (the file system's order, which differs between machines); Alembic
1.10 and later sort them. `run_alembic` therefore wraps
`Script._list_py_dir` to return the listing sorted, so that the comparison
tests the algorithms and not the file system.

Every migration appends (rev, direction) to applied_log, a table the harness
creates outside of any migration, so the log shows which migrations ran and
in what order. Alembic runs in this process: `alembic.config.CommandLine`
parses the same argv as the `alembic` script and runs the command; a
CommandError is the CLI's "FAILED:" exit, any other exception is a crash.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

from graphs import Graph

sys.dont_write_bytecode = True

ENV_PY = '''from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config

if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=None, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config(config.get_section(config.config_ini_section),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()
'''


def log_sql(rev: str, direction: str) -> str:
    return f"INSERT INTO applied_log (rev, direction) VALUES ('{rev}', '{direction}')"


def _yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _python_value(items: list[str]) -> str:
    if not items:
        return "None"
    if len(items) == 1:
        return repr(items[0])
    return "(" + ", ".join(repr(i) for i in items) + ")"


def write_retort_project(graph: Graph, root: Path) -> Path:
    """retort.yaml and migrations/NNN_<id>.sql; returns the config file."""
    (root / "migrations").mkdir(parents=True)
    for n, rev in enumerate(graph.revisions):
        text = f"-- revision: {rev.id}\n"
        text += f"-- down_revision: {_yaml_list(rev.parents)}\n" if rev.parents else "-- down_revision:\n"
        if rev.labels:
            text += f"-- branch_labels: {_yaml_list(rev.labels)}\n"
        if rev.depends_on:
            text += f"-- depends_on: {_yaml_list(rev.depends_on)}\n"
        text += f"-- message: step {n}\n\n"
        text += f"-- migrate:upgrade\n{log_sql(rev.id, 'up')};\n\n"
        text += f"-- migrate:downgrade\n{log_sql(rev.id, 'down')};\n"
        (root / "migrations" / f"{n:03}_{rev.id}.sql").write_text(text)
    config = root / "retort.yaml"
    config.write_text("script_location: migrations\nhistory_table: false\n")
    return config


def write_alembic_project(graph: Graph, root: Path) -> Path:
    """alembic.ini, env.py and versions/NNN_<id>.py; returns the ini file."""
    versions = root / "alembic" / "versions"
    versions.mkdir(parents=True)
    (root / "alembic" / "env.py").write_text(ENV_PY)
    for n, rev in enumerate(graph.revisions):
        text = (
            "from alembic import op\n\n"
            f"revision = {rev.id!r}\n"
            f"down_revision = {_python_value(rev.parents)}\n"
            f"branch_labels = {_python_value(rev.labels)}\n"
            f"depends_on = {_python_value(rev.depends_on)}\n\n\n"
            f'def upgrade():\n    op.execute("{log_sql(rev.id, "up")}")\n\n\n'
            f'def downgrade():\n    op.execute("{log_sql(rev.id, "down")}")\n'
        )
        (versions / f"{n:03}_{rev.id}.py").write_text(text)
    ini = root / "alembic.ini"
    ini.write_text(f"[alembic]\nscript_location = {root / 'alembic'}\n")
    return ini


@dataclasses.dataclass
class Outcome:
    ok: bool
    out: str
    err: str
    crash: str = ""  # Alembic only: the exception type of an internal error
    warned_ambiguous: bool = False


def run_retort(binary: str, config: Path, url: str, args: list[str]) -> Outcome:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DB_URL", "RETORT_CONFIG")}
    env["NO_COLOR"] = "1"
    proc = subprocess.run([binary, "-c", str(config), "--url", url, *args], capture_output=True,
                          text=True, env=env, timeout=120)
    text = proc.stdout + proc.stderr
    return Outcome(proc.returncode == 0, proc.stdout, proc.stderr,
                   warned_ambiguous="ambiguous" in text and "multiple heads" in text)


_sorted_listing_installed = False


def _sort_alembic_listing() -> None:
    """Alembic 1.8.1 loads revision files in os.listdir order; make it sorted (as 1.10+)."""
    global _sorted_listing_installed
    if _sorted_listing_installed:
        return
    from alembic.script.base import Script

    original = Script._list_py_dir.__func__

    def sorted_listing(cls, scriptdir, path):
        return sorted(original(cls, scriptdir, path))

    Script._list_py_dir = classmethod(sorted_listing)
    _sorted_listing_installed = True


def sqlalchemy_url(url: str) -> str:
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg2://" + url[len(scheme):]
    return url


def run_alembic(ini: Path, url: str, args: list[str]) -> Outcome:
    from alembic.config import CommandLine, Config

    _sort_alembic_listing()
    cli = CommandLine(prog="alembic")
    options = cli.parser.parse_args(["-c", str(ini), *args])
    out, err = io.StringIO(), io.StringIO()
    config = Config(file_=options.config, ini_section=options.name, cmd_opts=options, stdout=out)
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(url).replace("%", "%%"))
    ok, crash = True, ""
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        warnings.simplefilter("always")
        try:
            cli.run_cmd(config, options)
        except SystemExit as exit_:  # a CommandError: the CLI prints FAILED and exits
            ok = exit_.code in (0, None)
        except Exception as error:  # noqa: BLE001 - an internal error of Alembic
            ok, crash = False, f"{type(error).__name__}: {error}"
    warned = any("ambiguous" in str(w.message) for w in caught)
    return Outcome(ok, out.getvalue(), err.getvalue(), crash, warned)
