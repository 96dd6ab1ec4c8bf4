"""Seeded random revision graphs for the differential suite.

A graph is a list of Revision in load order (the order of the file names both
tools load, see projects.py). Every graph is valid for both tools: down
revisions that are not version-ancestors of each other, at most one
depends_on per revision (Alembic 1.8.1 keeps several in a hash set, so their
order, which decides the upgrade order, would depend on PYTHONHASHSEED),
branch labels unique across the graph. The same seed always gives the same
graph.
"""

from __future__ import annotations

import dataclasses
import random


@dataclasses.dataclass
class Revision:
    id: str
    parents: list[str]  # down_revision, in declared order
    depends_on: list[str] = dataclasses.field(default_factory=list)
    labels: list[str] = dataclasses.field(default_factory=list)


class Graph:
    """The revisions of one seed plus the ancestry queries the harness needs."""

    def __init__(self, seed: int, revisions: list[Revision]):
        self.seed = seed
        self.revisions = revisions
        self.by_id = {r.id: r for r in revisions}

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.revisions]

    @property
    def labels(self) -> list[str]:
        return [label for r in self.revisions for label in r.labels]

    def version_ancestors(self, rev: str) -> set[str]:
        """rev and everything below it through down_revision only."""
        return self._closure([rev], lambda r: r.parents)

    def ancestors(self, revs) -> set[str]:
        """revs and everything below them through down_revision and depends_on."""
        return self._closure(list(revs), lambda r: r.parents + r.depends_on)

    def tips(self, applied: set[str]) -> set[str]:
        """The members of `applied` that are no all-edge ancestor of another member."""
        below = set()
        for rev in applied:
            below |= self.ancestors(self.by_id[rev].parents + self.by_id[rev].depends_on)
        return applied - below

    def heads(self) -> list[str]:
        """Revisions that nothing revises (dependencies ignored)."""
        parents = {p for r in self.revisions for p in r.parents}
        return [r.id for r in self.revisions if r.id not in parents]

    def has_merge_of_dependent_parents(self) -> bool:
        """Whether a merge lists X and a revision that depends_on X as parents."""
        for r in self.revisions:
            for p in r.parents:
                if any(q != p and p in self.by_id[q].depends_on for q in r.parents):
                    return True
        return False

    def describe(self) -> str:
        lines = []
        for r in self.revisions:
            text = f"  {r.id} <- {', '.join(r.parents) or 'base'}"
            if r.depends_on:
                text += f"  depends_on {', '.join(r.depends_on)}"
            if r.labels:
                text += f"  labels {', '.join(r.labels)}"
            lines.append(text)
        return "\n".join(lines)

    def _closure(self, start, edges) -> set[str]:
        seen: set[str] = set()
        todo = list(start)
        while todo:
            rev = todo.pop()
            if rev in seen:
                continue
            seen.add(rev)
            todo.extend(edges(self.by_id[rev]))
        return seen


def generate(seed: int) -> Graph:
    """A graph of 5 to 12 revisions: chains, branches, 2- and 3-way merges,
    second roots, one depends_on on some revisions, labels on some; the file
    (load) order is shuffled (neither tool needs parents first), so ties
    are broken differently from seed to seed."""
    rng = random.Random(seed)
    count = rng.randint(5, 12)
    made: list[Revision] = []
    by_id: dict[str, Revision] = {}

    def version_ancestors(rev: str) -> set[str]:
        seen, todo = set(), [rev]
        while todo:
            r = todo.pop()
            if r not in seen:
                seen.add(r)
                todo.extend(by_id[r].parents)
        return seen

    def heads() -> list[str]:
        parents = {p for r in made for p in r.parents}
        return [r.id for r in made if r.id not in parents]

    def independent(candidates: list[str], k: int) -> list[str] | None:
        """k revisions of `candidates`, none a version-ancestor of another."""
        for _ in range(20):
            pick = rng.sample(candidates, k)
            if all(a == b or a not in version_ancestors(b) for a in pick for b in pick):
                return pick
        return None

    for i in range(count):
        rev_id = f"{rng.getrandbits(40):010x}"
        kind = rng.random()
        parents: list[str] = []
        if made and kind >= 0.1:
            tips = heads()
            if kind < 0.3 and len(made) >= 3:
                parents = independent([r.id for r in made], min(3, len(made))) or []
            elif kind < 0.5 and len(made) >= 2:
                parents = independent(tips if len(tips) >= 2 else [r.id for r in made], 2) or []
            if not parents:
                pool = tips if rng.random() < 0.6 else [r.id for r in made]
                parents = [rng.choice(pool)]
        rev = Revision(rev_id, parents)
        # A dependency on a revision that is neither this one's parent nor a
        # version-descendant of it (every earlier revision qualifies).
        if made and rng.random() < 0.3:
            choices = [r.id for r in made if r.id not in parents]
            if choices:
                rev.depends_on = [rng.choice(choices)]
        # The shape of the reported three-way merge: parents X, Y(depends_on X), Z.
        if len(parents) == 3 and rng.random() < 0.5:
            x, y = parents[0], parents[1]
            if x not in by_id[y].depends_on and y not in version_ancestors(x):
                by_id[y].depends_on = [x]
        if rng.random() < 0.25:
            rev.labels = [f"lb{i}"]
        made.append(rev)
        by_id[rev_id] = rev

    _drop_dependency_cycles(made)
    rng.shuffle(made)
    return Graph(seed, made)


def _drop_dependency_cycles(revisions: list[Revision]) -> None:
    """Making Y depend on X after the fact can close a cycle; drop such edges."""
    by_id = {r.id: r for r in revisions}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            r = todo.pop()
            if r == goal:
                return True
            if r not in seen:
                seen.add(r)
                todo.extend(by_id[r].parents + by_id[r].depends_on)
        return False

    for rev in revisions:
        rev.depends_on = [d for d in rev.depends_on if not reaches(d, rev.id)]
