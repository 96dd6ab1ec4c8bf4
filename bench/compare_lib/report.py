"""Markdown tables of the results: one per scenario, then the targets.

Every row has a ratio column per floor of its scenario (`vs floor`, and in
S3 `vs header floor`) and per peer (`vs alembic`, `vs dbmate`): its median
wall time over the floor's, or over the peer's comparable row (Case.versus;
retort rows only; `< 0.003x` when the peer's row timed out: over its
timeout). A `-` is a ratio that is not defined for the row (a floor that
does other work, a peer row) or could not be measured.
"""
from .cases import ratio

MB = 1024.0
PEERS = ("alembic", "dbmate")


def fmt_time(seconds):
    if seconds is None:
        return "-"
    return "%.1f ms" % (seconds * 1000) if seconds < 1 else "%.2f s" % seconds


def fmt_ratio(value):
    if value is None:
        return "-"
    return "%.2fx" % value if value >= 0.01 else "%.3fx" % value


def _peer_cell(summary, peer):
    if peer is not None and peer.wall() is None and peer.timed_out_after:
        return "< " + fmt_ratio(summary.wall() / peer.timed_out_after)
    return fmt_ratio(ratio(summary, peer))


def _cpu_cell(case, summary):
    cpu = summary.cpu()
    if cpu is None:
        return "-"
    cell = fmt_time(cpu)
    if case.per:
        cell += " (%.2f ms/step)" % (cpu * 1000 / case.per)
    return cell


def _columns(cases):
    """The floors and the peers that have a ratio column in this table."""
    floors = []
    for case in cases:
        if case.floor and case.floor not in floors:
            floors.append(case.floor)
    peers = [p for p in PEERS if any(p in case.versus for case in cases)]
    return floors, peers


def table(title, results, rounds, note=""):
    """Returns the markdown for one scenario and its target lines."""
    cases = results.cases
    floors, peers = _columns(cases)
    ratios = ["vs " + f for f in floors] + ["vs " + p for p in peers]
    lines = ["### " + title, ""] + ([note, ""] if note else []) + [
        "| size | tool | command | median wall | %s | client CPU | peak RSS | runs |" %
        " | ".join(ratios),
        "|---|---|---|---:|%s---:|---:|---:|" % ("---:|" * len(ratios))]
    verdicts = []
    for case in cases:
        s = results.of(case)
        blank = [""] * (len(ratios) + 2)
        if s.skipped:
            cells = [s.skipped] + blank + ["0"]
        elif s.wall() is None:
            cells = [s.failure or "-"] + blank + [str(len(s.samples))]
        else:
            cells = [fmt_time(s.wall())]
            cells += [fmt_ratio(ratio(s, results.floor(case, f)) if f in case.against else None)
                      for f in floors]
            cells += [_peer_cell(s, results.peer(case, p)[1]) for p in peers]
            runs = str(len(s.samples))
            if s.failure:
                runs += " (then %s)" % s.failure
            elif len(s.samples) < rounds:
                runs += " (slow: not repeated)"
            cells += [_cpu_cell(case, s), "%.1f MB" % (s.rss_kb() / MB), runs]
        lines.append("| %s | %s | `%s` | %s |" % (case.group, case.tool, case.command,
                                                   " | ".join(cells)))
        if case.target:
            verdicts.append(case.target(case, results))
    return "\n".join(lines) + "\n", verdicts


def verdict_lines(verdicts):
    out = []
    for met, text in verdicts:
        mark = "n/a" if met is None else ("met" if met else "MISSED")
        out.append("- %s: %s" % (mark, text))
    return "\n".join(out)
