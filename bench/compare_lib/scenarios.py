"""Scenarios S1-S4 and S6: projects, template databases and the cases to time.

Every tool applies the same SQL: bench/generate_project.py writes each
revision as a retort file, an Alembic script (op.execute of the same
statements) and a dbmate file. The psql floors run what
`retort upgrade|downgrade --sql` prints: the same statements an online run
sends, version-table and history rows included. S3's header floor
(bench/header_floor.c) opens every migration file and reads its first 4 KiB:
what any tool that reads each migration's header must do at the least.

Each retort row names the row of each peer that does the comparable work
(Case.versus): `current` beside `alembic current` and `dbmate status`, an
upgrade beside `alembic upgrade` and `dbmate migrate`, `heads` and `history`
beside Alembic's same command and `dbmate status` (dbmate's only listing),
a downgrade beside `alembic downgrade` and N x `dbmate rollback`.
"""
import json
import os
import subprocess
import sys

from . import targets
from .cases import Case
from .lambda_endpoint import Endpoint
from .postgres import mark_dbmate_applied
from .tools import log

FLOOR = "psql (floor)"
HEADER_FLOOR = "header floor"
FLOORS = {FLOOR: "floor", HEADER_FLOOR: "header floor"}  # tool -> its ratio column
TOOL_KEYS = {FLOOR: "psql", HEADER_FLOOR: "header_floor"}  # tool -> its key in ctx.tools


def rev(seq):
    """The id bench/generate_project.py gives its seq-th revision (from 0)."""
    return "r%011x" % seq


def count(n):
    return "{:,}".format(n)


class Project:
    """A generated project: retort files, plus Alembic and dbmate ones."""

    def __init__(self, ctx, name, size, linear, alembic):
        self.root = os.path.join(ctx.work, name)
        self.size = size
        self.cfg = os.path.join(self.root, "retort.yaml")
        self.alembic_ini = os.path.join(self.root, "alembic", "alembic.ini")
        self.dbmate_dir = os.path.join(self.root, "db", "migrations")
        flags = ["--dbmate"] + (["--linear"] if linear else []) + (["--alembic"] if alembic else [])
        log("compare: generating %s (%s revisions)" % (name, count(size)))
        subprocess.run([sys.executable, os.path.join(ctx.repo, "bench/generate_project.py"),
                        self.root, str(size)] + flags, check=True)


class Scenario:
    """Helpers shared by the scenario builders: argv makers per tool."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.server = ctx.server
        self.cases = []

    def has(self, tool):
        return ctx_tool(self.ctx, tool) is not None

    def retort_argv(self, project, *args):
        prefix = self.ctx.tools["retort"].prefix
        return lambda db: [prefix + ["-c", project.cfg, "--url", self.server.url(db)] + list(args)]

    def retort_offline(self, project, *args):
        """What `retort ARGS --sql` prints: the floor's script."""
        prefix = self.ctx.tools["retort"].prefix
        return subprocess.run(prefix + ["-c", project.cfg] + list(args) + ["--sql"], check=True,
                              capture_output=True, text=True).stdout

    def psql_argv(self, *args):
        prefix = self.ctx.tools["psql"].prefix
        return lambda db: [prefix + ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.server.url(db)] +
                           list(args)]

    def add(self, group, tool, command, make_argvs, **fields):
        """Adds a case; a tool that is not installed gets a skipped row. The
        tool's key is its first word ("retort (Lambda)" is retort); make_argvs
        may be None for a case with its own `run`."""
        key = TOOL_KEYS.get(tool, tool.split()[0])
        found = ctx_tool(self.ctx, key)
        case = Case(id="%s/%s/%s" % (group, tool, command), group=group, tool=tool,
                    command=command, argvs=None, floor=FLOORS.get(tool, ""), **fields)
        if case.floor and "against" not in fields:
            case.against = (case.floor,)
        if found is None:
            case.skipped = self.ctx.missing.get(key, "not installed")
        elif fields.get("skipped"):
            pass
        elif make_argvs is not None:
            case.argvs = make_argvs()
            if tool == "alembic":
                server, env = self.server, found.env
                case.env = lambda db: dict(env, BENCH_ALEMBIC_URL=server.alembic_url(db))
        self.cases.append(case)
        return case

    @staticmethod
    def versus(case, **peers):
        """Names the comparable row of each peer for `case` (peer=Case or None)."""
        case.versus = {tool: peer.id for tool, peer in peers.items() if peer is not None}

    def header_floor_argv(self, project):
        prefix = self.ctx.tools["header_floor"].prefix
        return lambda db: [prefix + [os.path.join(project.root, "migrations")]]

    def alembic_argv(self, project, *args):
        prefix = self.ctx.tools["alembic"].prefix
        return lambda db: [prefix + ["-c", project.alembic_ini] + list(args)]

    def dbmate_argv(self, project, *args, times=1):
        prefix = self.ctx.tools["dbmate"].prefix
        return lambda db: [prefix + ["--url", self.server.dbmate_url(db), "--migrations-dir",
                                     project.dbmate_dir, "--no-dump-schema"] + list(args)] * times

    def template(self, name, setup=None):
        """Creates database `name` (to be copied), then calls setup(name)."""
        self.server.create(name)
        if setup:
            setup(name)
        return name


def ctx_tool(ctx, name):
    return ctx.tools.get(name)


def tables_equal(server, expected):
    def verify(db, _sample):
        found = server.table_count(db)
        return "" if found == expected else "left %d tables, expected %d" % (found, expected)
    return verify


def output_has(text):
    def verify(_db, sample):
        return "" if text in sample.output else "output lacks %s: %r" % (text, sample.output[:200])
    return verify


def _unlisted(revisions, lines):
    """What `current` output `lines` lacks of `revisions`: "" or what is wrong."""
    firsts = {line.split()[0] for line in lines if line.strip()}
    missing = [r for r in revisions if r not in firsts]
    return "output lacks %s: %r" % (", ".join(missing), "\n".join(lines)[:200]) if missing else ""


def lists_revisions(revisions):
    """The output has a line starting with each of `revisions`."""
    return lambda _db, sample: _unlisted(revisions, sample.output.splitlines())


def answer_lists(revisions):
    """A successful Lambda answer to `current` whose output names each of `revisions`."""
    def verify(_db, sample):
        try:
            answer = json.loads(sample.output)
        except ValueError:
            return "not a JSON answer: %r" % sample.output[:200]
        if answer.get("ok") is not True or answer.get("command") != "current":
            return "not a successful `current` answer: %r" % sample.output[:200]
        return _unlisted(revisions, answer.get("output") or [])
    return verify


def reads_files(count):
    """header_floor's `N files, M header bytes`, N being `count`."""
    def verify(_db, sample):
        first = sample.output.split()[:1]
        return "" if first == [str(count)] else "read %r, expected %d files" % (
            sample.output.strip()[:200], count)
    return verify


def heads_of(ctx, project):
    """The head revisions of a project, as `retort heads` lists them."""
    done = subprocess.run(ctx.tools["retort"].prefix + ["-c", project.cfg, "heads"], check=True,
                          capture_output=True, text=True)
    return [line.split()[0] for line in done.stdout.splitlines() if line.strip()]


def s1_startup(ctx):
    """`current` on a database at head with 10 revisions."""
    sc = Scenario(ctx)
    p = Project(ctx, "s1", 10, linear=True, alembic=sc.has("alembic"))
    head = rev(9)

    def setup(db):
        subprocess.run(ctx.tools["retort"].prefix + ["-q", "-c", p.cfg, "--url", ctx.server.url(db),
                                                     "upgrade", "head"], check=True,
                       stdout=subprocess.DEVNULL)
        mark_dbmate_applied(ctx.server, db, 10)
    t = sc.template("t_s1", setup)
    g = "10 revisions"
    sc.add(g, FLOOR, "psql -c 'select version_num from alembic_version'",
           lambda: sc.psql_argv("-c", "select version_num from alembic_version"), template=t,
           verify=output_has(head))
    r = sc.add(g, "retort", "retort current", lambda: sc.retort_argv(p, "current"), template=t,
               verify=output_has(head), target=targets.s1)
    a = sc.add(g, "alembic", "alembic current", lambda: sc.alembic_argv(p, "current"), template=t,
               verify=output_has(head))
    d = sc.add(g, "dbmate", "dbmate status", lambda: sc.dbmate_argv(p, "status"), template=t)
    sc.versus(r, alembic=a, dbmate=d)
    return sc.cases


def s2_apply(ctx, sizes):
    """Linear migrations (CREATE TABLE + INSERT each) from empty to head."""
    sc = Scenario(ctx)
    t = sc.template("t_empty")
    for n in sizes:
        p = Project(ctx, "s2_%d" % n, n, linear=True, alembic=sc.has("alembic"))
        floor_sql = os.path.join(p.root, "floor.sql")
        with open(floor_sql, "w") as f:
            f.write(sc.retort_offline(p, "upgrade", "head"))
        g = "%s migrations" % count(n)
        common = dict(template=t, verify=tables_equal(ctx.server, n), per=n)
        sc.add(g, FLOOR, "psql -1 -f (upgrade head --sql)",
               lambda: sc.psql_argv("-1", "-f", floor_sql), **common)
        r = sc.add(g, "retort", "retort upgrade head",
                   lambda: sc.retort_argv(p, "-q", "upgrade", "head"),
                   target=targets.s2 if n == max(sizes) else None, **common)
        a = sc.add(g, "alembic", "alembic upgrade head",
                   lambda: sc.alembic_argv(p, "upgrade", "head"), **common)
        d = sc.add(g, "dbmate", "dbmate migrate", lambda: sc.dbmate_argv(p, "migrate"), **common)
        sc.versus(r, alembic=a, dbmate=d)
    return sc.cases


def s3_bookkeeping(ctx, sizes, alembic_max):
    """10,000+ revisions with branches and merges, database at head."""
    sc = Scenario(ctx)
    for n in sizes:
        use_alembic = sc.has("alembic") and n <= alembic_max
        p = Project(ctx, "s3_%d" % n, n, linear=False, alembic=use_alembic)

        def setup(db, p=p, n=n):
            # Stamped, not applied: the version tables are exactly as after
            # applying everything, without creating n tables.
            subprocess.run(ctx.tools["retort"].prefix + ["-q", "-c", p.cfg, "--url",
                                                         ctx.server.url(db), "stamp", "heads"],
                           check=True, stdout=subprocess.DEVNULL)
            mark_dbmate_applied(ctx.server, db, n)
        t = sc.template("t_s3_%d" % n, setup)
        g = "%s revisions" % count(n)
        big = "" if use_alembic else "not run above %s revisions" % count(alembic_max)
        tgt = targets.s3(n, sizes)
        both = ("floor", "header floor")
        sc.add(g, FLOOR, "psql -c 'select version_num from alembic_version'",
               lambda: sc.psql_argv("-c", "select version_num from alembic_version"), template=t)
        sc.add(g, HEADER_FLOOR, "header_floor migrations/", lambda: sc.header_floor_argv(p),
               template=t, verify=reads_files(n))
        rows, peer = [], {}
        for cmd in (["heads"], ["history"], ["current"], ["upgrade", "head"]):
            name = " ".join(cmd)
            # Only `current` and the no-op upgrade read the version table as the psql floor does;
            # every command reads the migration files as the header floor does.
            against = both if cmd in (["current"], ["upgrade", "head"]) else ("header floor",)
            r = sc.add(g, "retort", "retort " + name, lambda cmd=cmd: sc.retort_argv(p, *cmd),
                       template=t, target=tgt, against=against)
            a = sc.add(g, "alembic", "alembic " + name, lambda cmd=cmd: sc.alembic_argv(p, *cmd),
                       template=t, skipped=big, against=against)
            rows.append((cmd, r, a))
            if cmd == ["current"]:
                peer["status"] = sc.add(g, "dbmate", "dbmate status",
                                        lambda: sc.dbmate_argv(p, "status"), template=t,
                                        against=both)
            if cmd == ["upgrade", "head"]:
                peer["migrate"] = sc.add(g, "dbmate", "dbmate migrate",
                                         lambda: sc.dbmate_argv(p, "migrate"), template=t,
                                         against=both)
        for cmd, r, a in rows:
            sc.versus(r, alembic=a, dbmate=peer["migrate" if cmd[0] == "upgrade" else "status"])
    return sc.cases


def s4_downgrade(ctx, steps):
    """`steps` migrations down, in one process where the tool allows it."""
    sc = Scenario(ctx)
    n = steps + 1
    p = Project(ctx, "s4", n, linear=True, alembic=sc.has("alembic"))

    def setup(db):
        subprocess.run(ctx.tools["retort"].prefix + ["-q", "-c", p.cfg, "--url", ctx.server.url(db),
                                                     "upgrade", "head"], check=True,
                       stdout=subprocess.DEVNULL)
        mark_dbmate_applied(ctx.server, db, n)
    t = sc.template("t_s4", setup)
    floor_sql = os.path.join(p.root, "floor_down.sql")
    with open(floor_sql, "w") as f:
        f.write(sc.retort_offline(p, "downgrade", "%s:%s" % (rev(n - 1), rev(0))))
    g = "%s steps down" % count(steps)
    common = dict(template=t, verify=tables_equal(ctx.server, 1), per=steps)
    sc.add(g, FLOOR, "psql -1 -f (downgrade --sql)", lambda: sc.psql_argv("-1", "-f", floor_sql),
           **common)
    r = sc.add(g, "retort", "retort downgrade %s" % rev(0),
               lambda: sc.retort_argv(p, "-q", "downgrade", rev(0)), target=targets.s4, **common)
    a = sc.add(g, "alembic", "alembic downgrade %s" % rev(0),
               lambda: sc.alembic_argv(p, "downgrade", rev(0)), **common)
    d = sc.add(g, "dbmate", "dbmate rollback x %d (one step per call)" % steps,
               lambda: sc.dbmate_argv(p, "rollback", times=steps), **common)
    sc.versus(r, alembic=a, dbmate=d)
    return sc.cases


def s6_lambda(ctx, n):
    """`["current"]` answered by retort's local Lambda endpoint (a warm
    process), beside the same `current` as a CLI run, on n revisions."""
    sc = Scenario(ctx)
    p = Project(ctx, "s6_%d" % n, n, linear=False, alembic=sc.has("alembic"))
    heads = heads_of(ctx, p)

    def setup(db):
        subprocess.run(ctx.tools["retort"].prefix + ["-q", "-c", p.cfg, "--url", ctx.server.url(db),
                                                     "stamp", "heads"], check=True,
                       stdout=subprocess.DEVNULL)
        mark_dbmate_applied(ctx.server, db, n)
    t = sc.template("t_s6_%d" % n, setup)
    g = "%s revisions" % count(n)

    endpoint = Endpoint(ctx.tools["retort"].prefix, p.cfg, ctx.work)
    ctx.cleanups.append(endpoint.stop)

    def payload(db):
        return ["--config=" + p.cfg, "--url=" + ctx.server.url(db), "current"]
    why = endpoint.start()
    if not why:  # the first invocation pays for what a warm process has done already
        db = ctx.server.fresh(t)
        warm = endpoint.invoke(payload(db), max(ctx.timeout, 60))
        ctx.server.drop(db)
        if warm.rc != 0 or warm.timed_out:
            why = "the warm-up invocation failed: %s" % (
                "timeout" if warm.timed_out else (warm.error or warm.output).strip()[:200])
    if why:
        log("compare:   Lambda endpoint: %s" % why)

    sc.add(g, FLOOR, "psql -c 'select version_num from alembic_version'",
           lambda: sc.psql_argv("-c", "select version_num from alembic_version"), template=t,
           verify=lists_revisions(heads))
    lam = sc.add(g, "retort (Lambda)", 'POST ["--config=...", "--url=...", "current"]', None,
                 template=t, run=lambda db, timeout: endpoint.invoke(payload(db), timeout),
                 verify=answer_lists(heads), skipped=why)
    cli = sc.add(g, "retort", "retort current", lambda: sc.retort_argv(p, "current"),
                 template=t, verify=lists_revisions(heads))
    lam.target = targets.s6(cli.id, n)
    a = sc.add(g, "alembic", "alembic current", lambda: sc.alembic_argv(p, "current"),
               template=t, verify=lists_revisions(heads))
    d = sc.add(g, "dbmate", "dbmate status", lambda: sc.dbmate_argv(p, "status"), template=t)
    sc.versus(cli, alembic=a, dbmate=d)
    sc.versus(lam, alembic=a, dbmate=d)
    return sc.cases
