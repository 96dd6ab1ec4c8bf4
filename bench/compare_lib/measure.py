"""Running one command and measuring it: wall time, client CPU, peak RSS.

The command runs under GNU time (`/usr/bin/time -f %M`), started with
posix_spawn in its own process group and reaped with wait4. Peak RSS is what
GNU time reports for the command: a process spawned straight from this driver
would inherit the driver's high-water mark (Linux keeps ru_maxrss across
exec). CPU is user+sys from wait4, i.e. the command's plus GNU time's own
fraction of a millisecond; wall time likewise includes one extra fork, the
same for every tool. A run that exceeds its timeout has its whole process
group killed and is reported as timed out.
"""
import os
import signal
import statistics
import threading
import time
from dataclasses import dataclass, field

TIME = "/usr/bin/time"  # GNU time (Debian package `time`)


@dataclass
class Sample:
    wall: float          # seconds, spawn to reap
    cpu: float           # seconds of user + system CPU of the child
    rss_kb: int          # peak resident set size of the child, KiB
    rc: int = 0          # exit status (negative: killed by that signal)
    timed_out: bool = False
    output: str = ""     # stdout, for checks
    error: str = ""      # stderr, for failure messages


def _read(path, limit=1 << 20):
    with open(path, "rb") as f:
        return f.read(limit).decode("utf-8", "replace")


def run(argv, env, work, timeout=None):
    """Runs argv once (argv[0] an absolute path) with stdout and stderr sent
    to files under `work`; returns a Sample. Never raises for a failing
    command: the Sample's rc says so."""
    out, err = os.path.join(work, "stdout"), os.path.join(work, "stderr")
    rss = os.path.join(work, "rss")
    argv = [TIME, "-q", "-f", "%M", "-o", rss] + list(argv)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, out, flags, 0o644),
               (os.POSIX_SPAWN_OPEN, 2, err, flags, 0o644)]
    killed = []

    def kill():
        killed.append(True)
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    started = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions, setpgroup=0)
    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    if timer:
        timer.cancel()
    rc = os.waitstatus_to_exitcode(status)
    lines = _read(rss).split()
    rss_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_kb=rss_kb,
                  rc=rc, timed_out=bool(killed), output=_read(out), error=_read(err))


def run_sequence(argvs, env, work, timeout=None):
    """Runs each argv in turn (e.g. dbmate's one-step rollbacks) and returns
    one Sample: wall time of the whole sequence, summed CPU, the largest peak
    RSS. Stops at the first failure or when `timeout` is used up."""
    total = Sample(wall=0.0, cpu=0.0, rss_kb=0)
    started = time.perf_counter()
    for argv in argvs:
        left = None if timeout is None else timeout - (time.perf_counter() - started)
        if left is not None and left <= 0:
            total.timed_out = True
            break
        one = run(argv, env, work, left)
        total.cpu += one.cpu
        total.rss_kb = max(total.rss_kb, one.rss_kb)
        total.rc, total.timed_out, total.output, total.error = one.rc, one.timed_out, one.output, one.error
        if one.rc != 0 or one.timed_out:
            break
    total.wall = time.perf_counter() - started
    return total


@dataclass
class Summary:
    """The runs of one case: medians over the successful samples."""
    samples: list = field(default_factory=list)
    failure: str = ""        # why the case stopped (timeout, error), if it did
    timed_out_after: float = 0.0  # the timeout (s) its last run exceeded, if it did
    skipped: str = ""        # why the case never ran, if it did not

    def ok(self):
        return [s for s in self.samples if s.rc == 0 and not s.timed_out]

    def wall(self):
        ok = self.ok()
        return statistics.median(s.wall for s in ok) if ok else None

    def cpu(self):
        ok = self.ok()
        return statistics.median(s.cpu for s in ok) if ok else None

    def rss_kb(self):
        ok = self.ok()
        return max(s.rss_kb for s in ok) if ok else None
