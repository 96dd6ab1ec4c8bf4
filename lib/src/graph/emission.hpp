// Alembic's ordering of a set of revisions (docs/alembic-semantics.md §3.4).
#pragma once

#include <span>
#include <vector>

#include "retort/revision_graph.hpp"

namespace retort::graph {

// `todo` in emission order (newest first), exactly as Alembic's
// _topological_sort with `start` as its heads: upgrades run the reverse,
// downgrades and `history` this order.
//
// Alembic keeps one ancestor set per slot and scans them at every step,
// which is quadratic on long chains. This runs in time linear in the
// ancestry of `start`: a revision is blocked exactly when it still has a
// "live" child (one that is an ancestor of some slot's head), which a
// counter per revision tracks; only the rare switch between three or more
// slots searches upward for the first slot needing the revision.
//
// Where Alembic would fail its final assertion (members of `todo` that no
// slot reaches, possible for history ranges across dependencies), the rest
// is emitted the same way starting from its tips.
std::vector<RevIndex> emission_order(const RevisionGraph& graph, RevisionSet todo,
                                     std::span<const RevIndex> start);

}  // namespace retort::graph
