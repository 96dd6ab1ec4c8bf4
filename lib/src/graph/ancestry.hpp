// Ancestry helpers shared by the planners: Alembic's overlap-checking walks
// and the branch heads of an applied set.
#pragma once

#include <span>
#include <vector>

#include "retort/revision_graph.hpp"

namespace retort::graph {

// anc(targets) (all edges, targets included), walking as Alembic's
// _iterate_related_revisions(check=True): a target reached from another one
// throws RevisionFailure("Requested revision X overlaps with other requested
// revisions Y"). Targets are walked in the given order.
RevisionSet checked_ancestors(const RevisionGraph& graph, std::span<const RevIndex> targets);

// vdesc(targets) with the same overlap check.
RevisionSet checked_versioned_descendants(const RevisionGraph& graph,
                                          std::span<const RevIndex> targets);

// The branch heads of the applied set rows ∪ anc(rows): members without a
// versioned child in the set (§7.7), in load order.
std::vector<RevIndex> applied_branch_heads(const RevisionGraph& graph,
                                           std::span<const RevIndex> rows);

}  // namespace retort::graph
