"""One graph's command sequence, run on two databases (one per tool), compared
after every command.

Before each online command or `current`, both version tables are rewritten
with the same rows in the same physical order (sorted by id), so that a
command reading "the first row" of an unordered SELECT (`downgrade -1` from
several heads) sees the same row under both tools.

Compared per command (each check counts as one comparison):
  online   exit status; then the version rows (as a set: their physical order
           is not part of the model); the applied_log (which migrations ran,
           in order); whether the "downgrade -1 from multiple heads is
           ambiguous" warning was given
  listing  exit status; the ids listed: heads and current as sets, history in
           order
  offline  exit status; each script fed to psql on a fresh database (holding
           the range's start row, if any): psql's status, the rows after and
           the applied_log
retort alone is also checked against invariants after every online command:
a failed command changed nothing; each migration ran after its parents and
dependencies, each downgrade after its applied dependents; the rows are the
tips of the applied set.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from pathlib import Path

import database as db
import deliberate
from commands import Command
from graphs import Graph
from projects import Outcome, run_alembic, run_retort, write_alembic_project, write_retort_project


@dataclasses.dataclass
class Difference:
    seed: int
    step: int
    command: str
    what: str
    retort: str
    alembic: str
    deliberate: str = ""

    def __str__(self) -> str:
        tag = f" [deliberate: {self.deliberate}]" if self.deliberate else ""
        return (f"seed {self.seed} step {self.step} `{self.command}`: {self.what} differs{tag}\n"
                f"    retort:  {self.retort}\n    alembic: {self.alembic}")


def _brief(outcome: Outcome) -> str:
    status = "ok" if outcome.ok else "FAILED"
    text = (outcome.crash or (outcome.out + outcome.err)).strip().replace("\n", " | ")
    return f"{status}: {text[:400]}"


class Sequence:
    def __init__(self, graph: Graph, server: db.Server, retort_binary: str):
        self.graph = graph
        self.server = server
        self.binary = retort_binary
        self._tmp = tempfile.TemporaryDirectory(prefix="retort-diff-")
        root = Path(self._tmp.name)
        self.config = write_retort_project(graph, root / "retort")
        self.ini = write_alembic_project(graph, root / "alembic")
        self.url_r = server.create_database()
        self.url_a = server.create_database()
        self.applied: set[str] = set()  # retort's applied set, for the invariants
        self.comparisons = 0

    def close(self) -> None:
        for url in (self.url_r, self.url_a):
            self.server.drop_database(url)
        self._tmp.cleanup()

    def run(self, step: int, command: Command) -> list[Difference]:
        if command.kind == "offline":
            return self._offline(step, command)
        rows = sorted(db.version_rows(self.url_r))
        db.rewrite_version_rows(self.url_r, rows)
        db.rewrite_version_rows(self.url_a, rows)
        log_before = db.applied_log(self.url_r)
        retort = run_retort(self.binary, self.config, self.url_r, command.args)
        alembic = run_alembic(self.ini, self.url_a, command.args)
        diff = self._differ(step, command)
        out = []
        self.comparisons += 1
        if retort.ok != alembic.ok:
            out.append(diff("exit status", _brief(retort), _brief(alembic)))
        elif alembic.crash:
            out.append(_crash_difference(diff, retort, alembic))
        elif command.kind == "listing":
            if retort.ok:
                self.comparisons += 1
                ids_r, ids_a = self._listed(command, retort.out), self._listed(command, alembic.out)
                if ids_r != ids_a:
                    out.append(diff("listed ids", str(ids_r), str(ids_a)))
        else:
            out += self._compare_state(command, diff, retort, alembic)
        out = self._classified(command, out, retort, alembic, set(rows))
        if command.kind == "online":
            out += self._invariants(command, diff, retort, set(rows), log_before)
        if out:
            self._resync()
        return out

    def _resync(self) -> None:
        """After a difference, Alembic's database takes retort's state, so the
        sequence goes on from one state."""
        db.rewrite_version_rows(self.url_a, sorted(db.version_rows(self.url_r)))
        log = db.applied_log(self.url_r)
        values = ", ".join(f"('{r}', '{d}')" for r, d in log)
        db.execute(self.url_a, "TRUNCATE applied_log",
                   *([f"INSERT INTO applied_log (rev, direction) VALUES {values}"] if log else []))

    def _differ(self, step, command):
        return lambda what, r, a: Difference(self.graph.seed, step, str(command), what, r, a)

    def _compare_state(self, command, diff, retort, alembic) -> list[Difference]:
        out = []
        rows_r, rows_a = set(db.version_rows(self.url_r)), set(db.version_rows(self.url_a))
        log_r, log_a = db.applied_log(self.url_r), db.applied_log(self.url_a)
        self.comparisons += 3
        if rows_r != rows_a:
            out.append(diff("version rows", str(sorted(rows_r)), str(sorted(rows_a))))
        if log_r != log_a:
            out.append(diff("applied_log", _log_text(log_r), _log_text(log_a)))
        if retort.ok and retort.warned_ambiguous != alembic.warned_ambiguous:
            out.append(diff("ambiguity warning", str(retort.warned_ambiguous),
                            str(alembic.warned_ambiguous)))
        return out

    def _listed(self, command: Command, text: str):
        ids = set(self.graph.ids)
        found = []
        for line in text.splitlines():
            tail = line.split("->", 1)[1] if "->" in line else line
            words = [w for w in re.findall(r"[0-9a-f]{10}", tail) if w in ids]
            if words:
                found.append(words[0] if command.args[0] == "history" else words)
        if command.args[0] == "history":
            return found
        return sorted({w for words in found for w in words})

    def _invariants(self, command, diff, retort, rows_before, log_before) -> list[Difference]:
        rows = set(db.version_rows(self.url_r))
        log = db.applied_log(self.url_r)
        problems = []
        if not retort.ok:
            if rows != rows_before or log != log_before:
                problems.append("a failed command changed the rows or the log")
        elif command.args[0] == "stamp":
            if log != log_before:
                problems.append("stamp ran migrations")
            self.applied = self.graph.ancestors(rows)
        else:
            problems += self._replay(log[len(log_before):])
            if rows != self.graph.tips(self.applied):
                problems.append(f"rows {sorted(rows)} are not the tips of the applied set "
                                f"{sorted(self.graph.tips(self.applied))}")
        self.comparisons += 1
        return [diff("retort invariant", "; ".join(problems), "-")] if problems else []

    def _replay(self, entries) -> list[str]:
        problems = []
        for rev, direction in entries:
            r = self.graph.by_id[rev]
            if direction == "up":
                missing = [p for p in r.parents + r.depends_on if p not in self.applied]
                if rev in self.applied or missing:
                    problems.append(f"upgrade {rev} ran twice or before {missing}")
                self.applied.add(rev)
            else:
                users = [c.id for c in self.graph.revisions if c.id in self.applied
                         and rev in c.parents + c.depends_on]
                if rev not in self.applied or users:
                    problems.append(f"downgrade {rev} not applied or before {users}")
                self.applied.discard(rev)
        return problems

    def _offline(self, step: int, command: Command) -> list[Difference]:
        diff = self._differ(step, command)
        start = ""
        for arg in command.args[1:]:
            if ":" in arg:
                start = arg.split(":", 1)[0]
        urls = [self.server.create_database() for _ in range(2)]
        try:
            if start and start in self.graph.by_id:
                for url in urls:
                    db.rewrite_version_rows(url, [start])
            retort = run_retort(self.binary, self.config, urls[0], command.args)
            alembic = run_alembic(self.ini, urls[1], command.args)
            self.comparisons += 1
            if retort.ok != alembic.ok:
                out = [diff("exit status", _brief(retort), _brief(alembic))]
                return self._classified(command, out, retort, alembic, set())
            if not retort.ok:
                out = [_crash_difference(diff, retort, alembic)] if alembic.crash else []
                return self._classified(command, out, retort, alembic, set())
            psql_r, psql_a = db.run_psql(urls[0], retort.out), db.run_psql(urls[1], alembic.out)
            self.comparisons += 3
            if psql_r[0] != psql_a[0]:
                return [diff("psql status of the script", str(psql_r), str(psql_a))]
            out = []
            rows_r, rows_a = set(db.version_rows(urls[0])), set(db.version_rows(urls[1]))
            log_r, log_a = db.applied_log(urls[0]), db.applied_log(urls[1])
            if rows_r != rows_a:
                out.append(diff("rows after the script", str(sorted(rows_r)), str(sorted(rows_a))))
            if log_r != log_a:
                out.append(diff("applied_log of the script", _log_text(log_r), _log_text(log_a)))
            return self._classified(command, out, retort, alembic, set(), rows_r, rows_a, log_r,
                                    log_a)
        finally:
            for url in urls:
                self.server.drop_database(url)

    def _classified(self, command, out, retort, alembic, before, rows_r=None, rows_a=None,
                    log_r=None, log_a=None):
        if not out:
            return out
        if rows_r is None:
            rows_r, rows_a = set(db.version_rows(self.url_r)), set(db.version_rows(self.url_a))
            log_r, log_a = db.applied_log(self.url_r), db.applied_log(self.url_a)
        key = deliberate.classify(self.graph, command, retort, alembic, before, rows_r, rows_a,
                                  log_r, log_a)
        for d in out:
            d.deliberate = key
        return out


def _crash_difference(diff, retort: Outcome, alembic: Outcome) -> Difference:
    """Both failed, Alembic with an internal error: a difference that
    deliberate.py accepts only when retort's error is one of the regular
    errors documented for Alembic's crashes."""
    return diff("error (Alembic crashed)", _brief(retort), _brief(alembic))


def _log_text(log) -> str:
    return " ".join(f"{'-' if d == 'down' else ''}{r}" for r, d in log) or "(nothing)"
