"""Markdown tables of the results: one per scenario, then the targets."""

MB = 1024.0


def fmt_time(seconds):
    if seconds is None:
        return "-"
    return "%.1f ms" % (seconds * 1000) if seconds < 1 else "%.2f s" % seconds


def _cpu_cell(case, summary):
    cpu = summary.cpu()
    if cpu is None:
        return "-"
    cell = fmt_time(cpu)
    if case.per:
        cell += " (%.2f ms/step)" % (cpu * 1000 / case.per)
    return cell


def _floor_of(cases, summaries, group):
    for case in cases:
        if case.group == group and case.floor:
            return summaries[case.id]
    return None


def table(title, cases, summaries, rounds):
    """Returns the markdown for one scenario and the target lines."""
    lines = ["### " + title, "",
             "| size | tool | command | median wall | vs floor | client CPU | peak RSS | runs |",
             "|---|---|---|---:|---:|---:|---:|---:|"]
    verdicts = []
    for case in cases:
        s = summaries[case.id]
        floor = _floor_of(cases, summaries, case.group)
        wall = s.wall()
        if s.skipped:
            cells = [s.skipped, "", "", "", "0"]
        elif wall is None:
            cells = [s.failure or "-", "", "", "", str(len(s.samples))]
        else:
            usable = case.compare and floor is not None and floor.wall()
            ratio = "%.2fx" % (wall / floor.wall()) if usable else "-"
            runs = str(len(s.samples))
            if s.failure:
                runs += " (then %s)" % s.failure
            elif len(s.samples) < rounds:
                runs += " (slow: not repeated)"
            cells = [fmt_time(wall), ratio, _cpu_cell(case, s), "%.1f MB" % (s.rss_kb() / MB), runs]
        lines.append("| %s | %s | `%s` | %s |" % (case.group, case.tool, case.command,
                                                   " | ".join(cells)))
        if case.target:
            verdicts.append(case.target(case, summaries, floor))
    return "\n".join(lines) + "\n", verdicts


def verdict_lines(verdicts):
    out = []
    for met, text in verdicts:
        mark = "n/a" if met is None else ("met" if met else "MISSED")
        out.append("- %s: %s" % (mark, text))
    return "\n".join(out)
