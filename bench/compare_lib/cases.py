"""Cases, the round-robin runner and the results the report reads.

A case is one tool running one command on one kind of database. Cases of a
scenario run round by round: every round runs each case once, in order, on
a fresh copy of its template database, so a slow or noisy moment hits all
tools alike. A case that times out or fails stops there. A case whose first
run took longer than `slow` seconds and more than 3x its group's floor is not
repeated (Alembic on big graphs). The timeout of a run is `timeout` seconds,
or 5x the floor's first run in its group when that is longer (a loaded
machine slows every tool; the floors run first in each group; with two
floors, the slower one counts).

A group may have more than one floor (S3: the psql floor, which reads the
version table, and the header floor, which reads every migration file's
first block): each floor row names its ratio column (`floor`, `header
floor`), and each row lists the floors it is divided by. A retort row also
names, per peer tool, the row of that peer that does the comparable work
(`versus`), so the ratios to peers are never guessed from command names.
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
    floor: str = ""            # set on a floor row: its ratio column, "floor" or "header floor"
    against: tuple = ("floor",)  # the floors of the group this row is divided by (): none
    versus: dict = field(default_factory=dict)  # peer tool -> id of its comparable row (group's)
    run: object = None         # callable(db, timeout) -> measure.Sample, instead of argvs
    per: int = 0               # units (migrations) for CPU per unit, 0 for none
    target: object = None      # callable(case, Results) -> (met, text), for retort rows
    skipped: str = ""          # set: the case is shown but never run


def run_cases(ctx, cases, rounds):
    """Runs `cases` for `rounds` rounds; returns {case id: measure.Summary}."""
    summaries = {}
    for case in cases:
        summaries[case.id] = measure.Summary(skipped=case.skipped)
    floor_wall = {}  # group -> the first wall time of its (slower) floor
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
            if case.run:
                sample = case.run(db, timeout)
            else:
                argvs = case.argvs(db)
                if len(argvs) == 1:
                    sample = measure.run(argvs[0], env, ctx.work, timeout)
                else:
                    sample = measure.run_sequence(argvs, env, ctx.work, timeout)
            if sample.timed_out:
                summary.failure = "> %.0f s (timeout)" % timeout
                summary.timed_out_after = timeout
            elif sample.rc != 0:
                lines = (sample.error or sample.output).strip().splitlines() or ["no output"]
                summary.failure = "failed (exit %d): %s" % (sample.rc, lines[-1][:120])
            elif case.verify:
                summary.failure = case.verify(db, sample)
            if summary.failure:
                log("compare:   %s: %s" % (case.id, summary.failure))
            else:
                summary.samples.append(sample)
                if case.floor and len(summary.samples) == 1:
                    floor_wall[case.group] = max(floor_wall.get(case.group, 0.0), sample.wall)
            ctx.server.drop(db)
    return summaries


class Results:
    """The cases of one scenario and their summaries, as the report and the
    targets read them."""

    def __init__(self, cases, summaries):
        self.cases, self.summaries = cases, summaries
        self.by_id = {case.id: case for case in cases}

    def of(self, case):
        return self.summaries[case.id]

    def floor(self, case, name="floor"):
        """The Summary of the group's floor row called `name`, or None."""
        for other in self.cases:
            if other.group == case.group and other.floor == name:
                return self.summaries[other.id]
        return None

    def peer(self, case, tool):
        """(the comparable row of `tool`, its Summary) for `case`, or (None, None)."""
        peer_id = case.versus.get(tool)
        if peer_id is None:
            return None, None
        return self.by_id[peer_id], self.summaries[peer_id]


def ratio(summary, other):
    """summary's median wall time over other's; None when either is missing."""
    if summary is None or other is None or summary.wall() is None or not other.wall():
        return None
    return summary.wall() / other.wall()
