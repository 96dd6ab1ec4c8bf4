"""retort's performance targets (issue 14; the README's performance section).
Each target is a function (case, results) -> (met, text), where results is
the scenario's cases.Results; met is None when there is nothing to judge
(the case, its floor or its peer failed or was not run). Each text gives
the measured numbers beside the target. On a --quick run the sizes are
smaller than those a target is set for: the line says what it was judged on.
"""
from .cases import ratio
from .report import fmt_ratio, fmt_time

MB = 1024.0
S2_SIZE = 1000      # migrations applied
S3_SIZES = (10000, 100000)
S4_STEPS = 100
S6_SIZE = 10000     # revisions of the Lambda project
S6_LIMIT = 0.150    # seconds, end to end


def count(n):
    return "{:,}".format(n)


def _judged_on(measured, full, what):
    """A note for a run whose size is not the one the target is set for."""
    if measured == full:
        return ""
    return " [quick run: judged on %s %s; the target is set for %s]" % (count(measured), what,
                                                                        count(full))


def _unmeasured(summary):
    return summary.failure or summary.skipped or "not measured"


def _vs_floor(s, floor, name="the psql floor"):
    """`12.3 ms, 0.95x the psql floor's 13.0 ms`, or None when either is missing."""
    r = ratio(s, floor)
    if r is None:
        return None, None
    return r, "%s, %.2fx %s's %s" % (fmt_time(s.wall()), r, name, fmt_time(floor.wall()))


def s1(case, results):
    s = results.of(case)
    r, text = _vs_floor(s, results.floor(case))
    head = "S1 start-up `%s` (%s)" % (case.command, case.group)
    if r is None:
        return None, "%s: %s" % (head, _unmeasured(s))
    rss = s.rss_kb() / MB
    met = r <= 1.1 and rss < 15
    return met, "%s: %s (target <= 1.1x); peak RSS %.1f MB (target < 15 MB)" % (head, text, rss)


def s2(case, results):
    s = results.of(case)
    r, text = _vs_floor(s, results.floor(case))
    head = "S2 apply %s" % case.group
    if r is None:
        return None, "%s: %s" % (head, _unmeasured(s))
    per_ms = s.cpu() * 1000 / case.per
    met = r <= 0.95 and per_ms < 0.2
    return met, ("%s: %s (target <= 0.95x); %.3f ms client CPU per migration (target < 0.2 ms)%s"
                 % (head, text, per_ms, _judged_on(case.per, S2_SIZE, "migrations")))


def s3(size, sizes):
    """At every size: no slower than dbmate's comparable command (`status`,
    or `migrate` for the no-op upgrade); at the largest size also no more
    peak RSS than it. The ratio to the header floor is shown, not judged."""
    largest = max(sizes)
    full = dict(zip(sorted(sizes), S3_SIZES)).get(size, size)  # what a --quick size stands for

    def check(case, results):
        s = results.of(case)
        head = "S3 `%s` at %s" % (case.command, case.group)
        if s.wall() is None:
            return None, "%s: %s" % (head, _unmeasured(s))
        peer_case, peer = results.peer(case, "dbmate")
        if peer is None or peer.wall() is None:
            return None, "%s: %s; dbmate: %s" % (head, fmt_time(s.wall()),
                                                  _unmeasured(peer) if peer else "no row")
        r = ratio(s, peer)
        met = r <= 1.0
        text = "%s: %s, %.2fx dbmate `%s`'s %s (target <= 1.0x)" % (
            head, fmt_time(s.wall()), r, peer_case.command.replace("dbmate ", ""),
            fmt_time(peer.wall()))
        if size == largest:
            rss, peer_rss = s.rss_kb() / MB, peer.rss_kb() / MB
            met = met and rss <= peer_rss
            text += "; peak RSS %.1f MB, dbmate's %.1f MB (target: no more)" % (rss, peer_rss)
        floor = ratio(s, results.floor(case, "header floor"))
        text += "; the header floor not measured" if floor is None else \
            "; %.2fx the header floor (shown, not judged)" % floor
        return met, text + _judged_on(size, full, "revisions")
    return check


def s4(case, results):
    s = results.of(case)
    r, text = _vs_floor(s, results.floor(case))
    head = "S4 downgrade, %s" % case.group
    if r is None:
        return None, "%s: %s" % (head, _unmeasured(s))
    return r < 1.0, "%s: %s (target < 1.0x)%s" % (head, text, _judged_on(case.per, S4_STEPS,
                                                                          "steps"))


def s6(cli_id, size):
    """`["current"]` through the Lambda endpoint under 150 ms end to end; the
    psql floor and the CLI run of the same `current` are shown beside it."""
    def check(case, results):
        s = results.of(case)
        head = 'Lambda `["current"]` on %s' % case.group
        if s.wall() is None:
            return None, "%s: %s" % (head, _unmeasured(s))
        floor = results.floor(case)
        cli = results.summaries[cli_id]
        return s.wall() < S6_LIMIT, (
            "%s: %s round trip to a warm `retort lambda` (target < %.0f ms); %s the psql "
            "floor's %s; the same `retort current` as a CLI run: %s%s" % (
                head, fmt_time(s.wall()), S6_LIMIT * 1000, fmt_ratio(ratio(s, floor)),
                fmt_time(floor.wall()) if floor else "-",
                fmt_time(cli.wall()) if cli.wall() is not None else _unmeasured(cli),
                _judged_on(size, S6_SIZE, "revisions")))
    return check
