"""Cases and the round-robin runner.

A case is one tool running one command on one kind of database. Cases of a
scenario run round by round: every round runs each case once, in order, on
a fresh copy of its template database, so a slow or noisy moment hits all
tools alike. A case that times out or fails stops there. A case whose first
run took longer than `slow` seconds and more than 3x its group's floor is not
repeated (Alembic on big graphs). The timeout of a run is `timeout` seconds,
or 5x the floor's first run in its group when that is longer (a loaded
machine slows every tool; the floor runs first in each group).
"""
import os
from dataclasses import dataclass, field

from . import measure
from .tools import log


@dataclass
class Case:
    id: str                    # unique, e.g. "S2/1000/retort"
    group: str                 # rows compared with one another, e.g. "1,000 migrations"
    tool: str                  # "retort", "alembic", "dbmate", "psql (floor)"
    command: str               # what is shown in the table
    template: str              # database copied for every run
    argvs: object              # callable(db) -> [argv, ...]: one run, or a sequence timed as one
    env: object = field(default_factory=dict)  # dict, or callable(db) -> dict
    verify: object = None      # callable(db, sample) -> "" or what is wrong
    floor: bool = False        # the row other rows of the group are divided by
    compare: bool = True       # False: no ratio to the floor (a different kind of work)
    per: int = 0               # units (migrations) for CPU per unit, 0 for none
    target: object = None      # callable(summaries) -> (met, text), for retort rows
    skipped: str = ""          # set: the case is shown but never run


def run_cases(ctx, cases, rounds):
    """Runs `cases` for `rounds` rounds; returns {case id: measure.Summary}."""
    summaries = {}
    for case in cases:
        summaries[case.id] = measure.Summary(skipped=case.skipped)
    floor_wall = {}  # group -> the floor's first wall time
    for round_no in range(rounds):
        log("compare:   round %d/%d" % (round_no + 1, rounds))
        for case in cases:
            summary = summaries[case.id]
            if summary.skipped or summary.failure:
                continue
            floor = floor_wall.get(case.group, 0.0)
            if summary.samples and summary.samples[0].wall > max(ctx.slow, 3 * floor):
                continue
            timeout = max(ctx.timeout, 5 * floor)
            db = ctx.server.fresh(case.template)
            extra = case.env(db) if callable(case.env) else case.env
            env = dict(os.environ, NO_COLOR="1", **extra)
            argvs = case.argvs(db)
            if len(argvs) == 1:
                sample = measure.run(argvs[0], env, ctx.work, timeout)
            else:
                sample = measure.run_sequence(argvs, env, ctx.work, timeout)
            if sample.timed_out:
                summary.failure = "> %.0f s (timeout)" % timeout
            elif sample.rc != 0:
                lines = (sample.error or sample.output).strip().splitlines() or ["no output"]
                summary.failure = "failed (exit %d): %s" % (sample.rc, lines[-1][:120])
            elif case.verify:
                summary.failure = case.verify(db, sample)
            if summary.failure:
                log("compare:   %s: %s" % (case.id, summary.failure))
            else:
                summary.samples.append(sample)
                if case.floor and case.group not in floor_wall:
                    floor_wall[case.group] = sample.wall
            ctx.server.drop(db)
    return summaries
