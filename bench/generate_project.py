#!/usr/bin/env python3
"""Generates a retort project with N revisions, for benchmarks.

Shape: a main line; every 40 revisions a branch point opens two parallel
chains of 5 revisions that a merge revision joins again; every 500
revisions a labelled branch. Each upgrade creates a table and inserts a row.

usage: generate_project.py DIR N [--linear]
  --linear               one straight chain, no branches
  DIR/migrations/*.sql   the migration files
  DIR/retort.yaml        config pointing at them
"""
import os
import sys


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    root, count = sys.argv[1], int(sys.argv[2])
    linear = "--linear" in sys.argv[3:]
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
        lines.append("-- migrate:upgrade")
        lines.append("CREATE TABLE t_%s (id int primary key, note text);" % rev)
        lines.append("INSERT INTO t_%s VALUES (1, 'x');" % rev)
        lines.append("")
        lines.append("-- migrate:downgrade")
        lines.append("DROP TABLE t_%s;" % rev)
        with open(os.path.join(migrations, "%s_step.sql" % rev), "w") as f:
            f.write("\n".join(lines) + "\n")
        return rev

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
        elif seq % 500 == 250:
            head = write([head], ["feature%d" % seq])
        else:
            head = write([head])


if __name__ == "__main__":
    main()
