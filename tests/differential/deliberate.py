"""The differences the suite accepts, and the seeds whose differences are
retort defects with a fix pending.

DELIBERATE is the list of docs/alembic-semantics.md §10.1: places where
Alembic 1.8.1 crashes or is buggy and retort deliberately differs. A
difference is accepted only when its classifier recognises it; everything
else fails the run. After any difference the Alembic database takes
retort's rows and log, and the sequence goes on.

PENDING_RETORT_FIXES lists seeds (of the CI set) whose differences are retort
defects being fixed elsewhere; they are reported, do not fail the run, and a
listed seed that no longer differs fails it (so the entry gets removed).
"""

from __future__ import annotations

import re

from graphs import Graph

# The regular errors retort gives where Alembic 1.8.1 crashes with an assertion
# or a KeyError (docs/alembic-semantics.md §10).
REGULAR_ERRORS_FOR_CRASHES = re.compile(
    r"didn't produce|Ambiguous downgrade from multiple current revisions|is given more than once"
    r"|is not present|Walked too far|Ambiguous walk|Ambiguous upgrade|would both move the row"
)

DELIBERATE = {
    "alembic-crash-regular-error": (
        "Alembic 1.8.1 crashes (AssertionError, KeyError) on relative targets that walk past "
        "the end or lack a unique start; retort reports a regular error (§2.6, §10)."
    ),
    "alembic-crash-retort-proceeds": (
        "Alembic 1.8.1 crashes where the model has an answer: `sym-N` reaching base (an "
        "AssertionError; retort: nothing to do, §2.6) and a merge whose parents include a "
        "revision and one that depends on it (a KeyError; retort plans and applies it). With "
        "no Alembic result to compare with, the harness checks retort against the invariants "
        "(every step after its parents and dependencies, rows = the tips of the applied set)."
    ),
    "unmerge-redundant-rows": (
        "Alembic 1.8.1 downgrading a multi-parent revision can insert parents that are "
        "ancestors of other rows (fixed in Alembic 1.13.1); retort follows 1.13.1 (§5.3 D2). "
        "Accepted when the same migrations ran and Alembic's rows minus the redundant ones "
        "are retort's rows."
    ),
    "multi-destination-stamp": (
        "Alembic's stamp with several destinations can drop an unrelated row (§5.4); retort "
        "changes only the rows related to each destination."
    ),
}

# seed -> why it differs (remove the entry when the fix has landed).
PENDING_RETORT_FIXES: dict[int, str] = {}


def classify(graph: Graph, command, retort, alembic, before_rows, rows_r, rows_a, log_r, log_a):
    """The DELIBERATE key that explains the difference, or "" for a real one.
    `retort`/`alembic` are projects.Outcome; rows are sets, logs lists."""
    args = command.args
    if alembic.crash and retort.ok:
        return "alembic-crash-retort-proceeds"
    if alembic.crash and not retort.ok:
        return "alembic-crash-regular-error" if REGULAR_ERRORS_FOR_CRASHES.search(
            retort.out + retort.err) else ""
    if not (retort.ok and alembic.ok):
        return ""
    if args[0] == "downgrade" and log_r == log_a and rows_a > rows_r:
        redundant = {r for r in rows_a if any(r in graph.ancestors(
            graph.by_id[o].parents + graph.by_id[o].depends_on) for o in rows_a if o != r)}
        if rows_a - redundant == rows_r:
            return "unmerge-redundant-rows"
    if args[0] == "stamp" and len([a for a in args[1:] if not a.startswith("-")]) >= 2:
        if log_r == log_a:
            return "multi-destination-stamp"
    return ""
