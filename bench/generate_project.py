#!/usr/bin/env python3
"""Generates a retort project with N revisions, for benchmarks.

Shape: a main line; every 40 revisions a branch point opens two parallel
chains of 5 revisions that a merge revision joins again; every 500
revisions a labelled branch, the first 10 of them only: a label propagates to
every descendant (Alembic's rule), so with labels throughout a big project
each listing line would name n/500 labels and every listing would grow
quadratically. Each upgrade creates a table and inserts a row.

usage: generate_project.py DIR N [--linear] [--alembic] [--dbmate]
  --linear               one straight chain, no branches
  --alembic              also write DIR/alembic/ with the same revisions as
                         Alembic scripts (op.execute of the same SQL); its
                         env.py reads the database URL from $BENCH_ALEMBIC_URL
  --dbmate               also write DIR/db/migrations/ for dbmate: the same
                         SQL as `-- migrate:up` / `-- migrate:down` files named
                         <version>_step.sql, versions numbered in generation
                         order (dbmate has no branches, so a branched project
                         becomes a straight chain of the same size)
  DIR/migrations/*.sql   the migration files
  DIR/retort.yaml        config pointing at them
"""
import os
import sys


ENV_PY = """import os
from alembic import context
from sqlalchemy import create_engine, pool

def run():
    engine = create_engine(os.environ["BENCH_ALEMBIC_URL"], poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()

run()
"""


MAX_LABELS = 10


def write_alembic_skeleton(path):
    os.makedirs(os.path.join(path, "versions"), exist_ok=True)
    with open(os.path.join(path, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %s\n" % path)
    with open(os.path.join(path, "env.py"), "w") as f:
        f.write(ENV_PY)


def write_alembic_revision(path, rev, parents):
    down = "None" if not parents else repr(parents[0] if len(parents) == 1 else tuple(parents))
    with open(os.path.join(path, "versions", "%s_step.py" % rev), "w") as f:
        f.write("from alembic import op\n\nrevision = %r\ndown_revision = %s\n"
                "branch_labels = None\ndepends_on = None\n\n\n"
                "def upgrade():\n"
                "    op.execute(\"CREATE TABLE t_%s (id int primary key, note text)\")\n"
                "    op.execute(\"INSERT INTO t_%s VALUES (1, 'x')\")\n\n\n"
                "def downgrade():\n    op.execute(\"DROP TABLE t_%s\")\n"
                % (rev, down, rev, rev, rev))


def write_dbmate_revision(path, seq, up, down):
    with open(os.path.join(path, "%08d_step.sql" % seq), "w") as f:
        f.write("-- migrate:up\n%s\n\n-- migrate:down\n%s\n" % ("\n".join(up), "\n".join(down)))


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    root, count = sys.argv[1], int(sys.argv[2])
    linear = "--linear" in sys.argv[3:]
    alembic = "--alembic" in sys.argv[3:]
    dbmate = "--dbmate" in sys.argv[3:]
    dbmate_dir = os.path.join(root, "db", "migrations")
    if dbmate:
        os.makedirs(dbmate_dir, exist_ok=True)
    if alembic:
        write_alembic_skeleton(os.path.join(root, "alembic"))
    migrations = os.path.join(root, "migrations")
    os.makedirs(migrations, exist_ok=True)
    with open(os.path.join(root, "retort.yaml"), "w") as f:
        f.write("script_location: migrations\n")

    seq = 0

    def write(parents, labels=()):
        nonlocal seq
        rev = "r%011x" % seq
        seq += 1
        lines = ["-- revision: %s" % rev]
        lines.append("-- down_revision: [%s]" % ", ".join(parents) if parents else "-- down_revision:")
        if labels:
            lines.append("-- branch_labels: [%s]" % ", ".join(labels))
        lines.append("-- message: step %d" % seq)
        lines.append("")
        # The same statements for every tool (Alembic's op.execute drops the ';').
        up = ["CREATE TABLE t_%s (id int primary key, note text);" % rev,
              "INSERT INTO t_%s VALUES (1, 'x');" % rev]
        down = ["DROP TABLE t_%s;" % rev]
        lines.append("-- migrate:upgrade")
        lines.extend(up)
        lines.append("")
        lines.append("-- migrate:downgrade")
        lines.extend(down)
        with open(os.path.join(migrations, "%s_step.sql" % rev), "w") as f:
            f.write("\n".join(lines) + "\n")
        if alembic:
            write_alembic_revision(os.path.join(root, "alembic"), rev, parents)
        if dbmate:
            write_dbmate_revision(dbmate_dir, seq, up, down)
        return rev

    labels = 0
    head = write([])
    while seq < count:
        if linear:
            head = write([head])
        elif seq % 40 == 20 and count - seq > 12:
            left = right = head
            for _ in range(5):
                left = write([left])
                right = write([right])
            head = write([left, right])
        elif seq % 500 == 250 and labels < MAX_LABELS:
            labels += 1
            head = write([head], ["feature%d" % seq])
        else:
            head = write([head])


if __name__ == "__main__":
    main()
