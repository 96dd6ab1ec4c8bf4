#include "graph/ancestry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>

#include "graph/revision_errors.hpp"

namespace retort::graph {
namespace {

// Alembic's walk with check=True: per target, everything popped (even if
// already seen through an earlier target) is compared with the other targets.
RevisionSet checked_closure(const RevisionGraph& graph, std::span<const RevIndex> targets,
                            std::span<const RevIndex> (RevisionGraph::*next)(RevIndex) const) {
  RevisionSet seen(graph.size());
  RevisionSet is_target(graph.size());
  for (RevIndex t : targets) is_target.insert(t);
  std::vector<RevIndex> stack;
  for (RevIndex target : targets) {
    std::vector<RevIndex> overlaps;
    stack.assign(1, target);
    while (!stack.empty()) {
      RevIndex r = stack.back();
      stack.pop_back();
      if (r != target && is_target.contains(r)) overlaps.push_back(r);
      if (!seen.insert(r)) continue;
      for (RevIndex n : (graph.*next)(r)) stack.push_back(n);
    }
    if (!overlaps.empty()) {
      std::sort(overlaps.begin(), overlaps.end());
      overlaps.erase(std::unique(overlaps.begin(), overlaps.end()), overlaps.end());
      std::vector<std::string> ids;
      for (RevIndex r : overlaps) ids.push_back(graph.id(r));
      throw RevisionFailure(
          fmt::format("Requested revision {} overlaps with other requested revisions {}",
                      graph.id(target), fmt::join(ids, ", ")),
          "one of these revisions is an ancestor of the other; the version table should hold "
          "only the tips (stamp the table to repair it)");
    }
  }
  return seen;
}

}  // namespace

RevisionSet checked_ancestors(const RevisionGraph& graph, std::span<const RevIndex> targets) {
  return checked_closure(graph, targets, &RevisionGraph::normalized_parents);
}

RevisionSet checked_versioned_descendants(const RevisionGraph& graph,
                                          std::span<const RevIndex> targets) {
  return checked_closure(graph, targets, &RevisionGraph::children);
}

std::vector<RevIndex> applied_branch_heads(const RevisionGraph& graph,
                                           std::span<const RevIndex> rows) {
  // The applied set is closed under parents, so a member has an applied
  // versioned descendant exactly when one of its children is applied.
  const RevisionSet applied = graph.ancestors(rows);
  std::vector<RevIndex> out;
  for (RevIndex r : applied.members()) {
    const auto& children = graph.children(r);
    if (std::none_of(children.begin(), children.end(),
                     [&](RevIndex c) { return applied.contains(c); })) {
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace retort::graph
