#!/usr/bin/python3
"""Differential suite: retort against the real Alembic (Debian `alembic`
1.8.1) on seeded random revision graphs and command sequences.

    run_differential.py --retort BUILD/bin/retort [--seeds SPEC] [--verbose]

SPEC is a comma-separated list of seeds and ranges ("1-40,77"); the default
is the CI set, CI_SEEDS. RETORT_DIFF_SEEDS overrides --seeds: a SPEC, or a
single number N for the seeds 1000..1000+N-1 (beyond the CI set). Each seed
is one graph (graphs.py) and one command sequence (commands.py), run on two
databases and compared after every command (compare.py).

Exit status: 0 when every difference is deliberate (deliberate.py) or
belongs to a seed listed in PENDING_RETORT_FIXES; 1 otherwise; 2 when
Alembic, psycopg2, psql or PostgreSQL is missing (under CI=true: 1, so a
missing tool never passes as a skip). Run it with /usr/bin/python3, the
interpreter the Debian package installs Alembic for.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# 24 graphs of 5-12 revisions, 12 commands each: two to three minutes on two
# busy cores. Seeds 4, 13 and 23 include a three-way merge of X, Y (depends_on
# X) and a third parent.
CI_SEEDS = "1-24"
COMMANDS_PER_GRAPH = 12
SKIP = 2


def parse_seeds(spec: str, from_environment: bool = False) -> list[int]:
    """"1-40,77" -> [1..40, 77]; from RETORT_DIFF_SEEDS a bare N means 1000..1000+N-1."""
    spec = spec.strip()
    if from_environment and spec.isdigit():
        return list(range(1000, 1000 + int(spec)))
    seeds: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            low, high = part.split("-", 1)
            seeds += range(int(low), int(high) + 1)
        elif part:
            seeds.append(int(part))
    return seeds


def missing(reason: str) -> int:
    required = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    print(f"differential: {reason}" + (" (required under CI=true)" if required else "; skipped"))
    return 1 if required else SKIP


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Alembic 1.8.1 keeps some choices in hash sets (which row a merge
        # updates): a fixed hash seed makes a run repeatable.
        os.execve(sys.executable, [sys.executable, *sys.argv],
                  {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retort", required=True, help="the retort binary")
    parser.add_argument("--seeds", default=CI_SEEDS)
    parser.add_argument("--verbose", action="store_true", help="print every command")
    options = parser.parse_args()
    if os.environ.get("RETORT_DIFF_SEEDS"):
        seeds = parse_seeds(os.environ["RETORT_DIFF_SEEDS"], from_environment=True)
    else:
        seeds = parse_seeds(options.seeds)

    try:
        import alembic  # noqa: F401
        import psycopg2  # noqa: F401
    except ImportError as error:
        return missing(f"{error.name} is not importable by {sys.executable}")
    import shutil

    if shutil.which("psql") is None:
        return missing("psql is not in PATH")

    import commands
    import database as db
    import deliberate
    import graphs
    from compare import Sequence

    try:
        server = db.Server.start(HERE.parent.parent)
    except RuntimeError as error:
        return missing(str(error))

    started = time.monotonic()
    differences = []
    command_count = comparisons = 0
    try:
        for seed in seeds:
            graph = graphs.generate(seed)
            sequence = commands.generate(graph, random.Random(seed * 7919 + 1), COMMANDS_PER_GRAPH)
            run = Sequence(graph, server, options.retort)
            try:
                for step, command in enumerate(sequence):
                    found = run.run(step, command)
                    command_count += 1
                    if options.verbose:
                        print(f"seed {seed} step {step}: {command}" + (" DIFFERS" if found else ""))
                    differences += found  # the sequence goes on from retort's state
            finally:
                comparisons += run.comparisons
                run.close()
    finally:
        server.stop()

    real = [d for d in differences if not d.deliberate and d.seed not in
            deliberate.PENDING_RETORT_FIXES]
    pending = [d for d in differences if not d.deliberate and d.seed in
               deliberate.PENDING_RETORT_FIXES]
    differing = {d.seed for d in differences if not d.deliberate}
    fixed = [s for s in deliberate.PENDING_RETORT_FIXES if s in seeds and s not in differing]
    for d in differences:
        print(("PENDING FIX " if d in pending else "") + str(d))
        if d in real or options.verbose:
            print(graphs.generate(d.seed).describe())
    for seed in fixed:
        print(f"seed {seed} is listed in PENDING_RETORT_FIXES but no longer differs: remove it")
    print(f"differential: {len(seeds)} graphs, {command_count} commands, {comparisons} "
          f"comparisons, {len(differences)} differences ({len(real)} unexplained, "
          f"{len(pending)} pending retort fixes, "
          f"{sum(1 for d in differences if d.deliberate)} deliberate) in "
          f"{time.monotonic() - started:.0f}s")
    return 1 if real or fixed else 0


if __name__ == "__main__":
    sys.exit(main())
