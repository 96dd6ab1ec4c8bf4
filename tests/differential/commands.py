"""Seeded random command sequences over a graph.

A command is the argv both tools get after their global options (the same
words for retort and Alembic), and its kind, which decides what the harness
compares (see compare.py):

  online   upgrade / downgrade / stamp against the database
  listing  current (needs the database), heads, history
  offline  upgrade / downgrade / stamp with --sql, the script fed to psql
"""

from __future__ import annotations

import dataclasses
import random

from graphs import Graph


@dataclasses.dataclass
class Command:
    kind: str  # "online", "listing" or "offline"
    args: list[str]

    def __str__(self) -> str:
        return " ".join(self.args)


def _upgrade_target(graph: Graph, rng: random.Random) -> str:
    rev = rng.choice(graph.ids)
    choices = ["heads", "heads", "head", rev, rev, f"+{rng.randint(1, 3)}", f"{rev}+1", f"{rev}-1"]
    if graph.labels:
        label = rng.choice(graph.labels)
        choices += [f"{label}@head", f"{label}@+1", label]
    return rng.choice(choices)


def _downgrade_target(graph: Graph, rng: random.Random) -> str:
    rev = rng.choice(graph.ids)
    choices = ["base", "-1", "-1", "-2", rev, rev, f"{rev}-1", f"{rev}+1"]
    if graph.labels:
        label = rng.choice(graph.labels)
        choices += [f"{label}@-1", f"{label}@base", label]
    return rng.choice(choices)


def _stamp_targets(graph: Graph, rng: random.Random) -> list[str]:
    pick = rng.random()
    if pick < 0.15:
        return ["base"]
    if pick < 0.3:
        return ["heads"]
    if pick < 0.45 and len(graph.ids) >= 2:
        return rng.sample(graph.ids, 2)
    return [rng.choice(graph.ids)]


def _offline(graph: Graph, rng: random.Random) -> Command:
    pick = rng.random()
    start = rng.choice(graph.ids)
    if pick < 0.4:
        return Command("offline", ["upgrade", _upgrade_target(graph, rng), "--sql"])
    if pick < 0.65:
        end = rng.choice(["heads", "head", rng.choice(graph.ids)])
        return Command("offline", ["upgrade", f"{start}:{end}", "--sql"])
    if pick < 0.9:
        end = rng.choice(["base", rng.choice(graph.ids), f"{start}-1"])
        return Command("offline", ["downgrade", f"{start}:{end}", "--sql"])
    return Command("offline", ["stamp", *_stamp_targets(graph, rng), "--sql"])


def generate(graph: Graph, rng: random.Random, length: int) -> list[Command]:
    """`length` commands; upgrades and downgrades dominate, so that the
    database passes through many row sets (several heads included)."""
    out: list[Command] = []
    for _ in range(length):
        pick = rng.random()
        if pick < 0.32:
            out.append(Command("online", ["upgrade", _upgrade_target(graph, rng)]))
        elif pick < 0.62:
            out.append(Command("online", ["downgrade", _downgrade_target(graph, rng)]))
        elif pick < 0.72:
            out.append(Command("online", ["stamp", *_stamp_targets(graph, rng)]))
        elif pick < 0.86:
            out.append(Command("listing", [rng.choice(["current", "heads", "history"])]))
        else:
            out.append(_offline(graph, rng))
    return out
