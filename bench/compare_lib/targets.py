"""retort's performance targets (as the README states them). Each target is a function
(case, summaries, floor) -> (met, text), where summaries maps case ids to
measure.Summary and floor is the group's floor Summary (or None); met is None
when there is nothing to judge (the case failed or was not run)."""
import math

MB = 1024.0


def _ratio(summary, floor):
    if floor is None or summary.wall() is None or floor.wall() is None:
        return None
    return summary.wall() / floor.wall()


def s1(case, summaries, floor):
    s = summaries[case.id]
    r = _ratio(s, floor)
    if r is None:
        return None, "S1: not measured"
    rss = s.rss_kb() / MB
    met = r <= 1.2 and rss < 15
    return met, "S1 start-up: %.2fx the floor (target <= 1.2x), %.1f MB (target < 15 MB)" % (r, rss)


def s2(case, summaries, floor):
    s = summaries[case.id]
    r = _ratio(s, floor)
    if r is None:
        return None, "S2: not measured"
    per_ms = s.cpu() * 1000 / case.per
    met = r <= 1.05 and per_ms < 0.2
    return met, ("S2 apply %s: %.2fx the floor (target <= 1.05x), %.3f ms client CPU per "
                 "migration (target < 0.2 ms)" % (case.group, r, per_ms))


def s3(size, sizes):
    """`< 0.3 s and < 50 MB` up to 10,000 revisions; beyond, growth against the
    previous size must be about linear (exponent <= 1.15: time ~ n^k)."""
    smaller = [n for n in sizes if n < size]

    def check(case, summaries, _floor):
        s = summaries[case.id]
        if s.wall() is None:
            return None, "S3 %s at %s: not measured" % (case.command, case.group)
        rss = s.rss_kb() / MB
        if size <= 10000 or not smaller:
            met = s.wall() < 0.3 and rss < 50
            return met, "S3 %s at %s: %.3f s (target < 0.3 s), %.1f MB (target < 50 MB)" % (
                case.command, case.group, s.wall(), rss)
        prev = max(smaller)
        prev_id = case.id.replace(case.group, "{:,} revisions".format(prev), 1)
        p = summaries.get(prev_id)
        if p is None or p.wall() is None:
            return None, "S3 %s at %s: no smaller size to compare" % (case.command, case.group)
        k = math.log(s.wall() / p.wall()) / math.log(size / prev)
        met = k <= 1.15 and rss < 50 * size / prev
        return met, ("S3 %s at %s: %.3f s, %.1fx the time of %s for %.0fx the revisions "
                     "(time ~ n^%.2f; target: linear)" % (
                         case.command, case.group, s.wall(), s.wall() / p.wall(),
                         "{:,}".format(prev), size / prev, k))
    return check


def s4(case, summaries, floor):
    s = summaries[case.id]
    r = _ratio(s, floor)
    if r is None:
        return None, "S4: not measured"
    return r <= 1.2, "S4 downgrade %s: %.2fx the floor (target <= 1.2x)" % (case.group, r)
