// Small helpers shared by the planners.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "retort/revision_graph.hpp"

namespace retort::graph {

// The ids of `revisions`, in the given order.
inline std::vector<std::string> ids_of(const RevisionGraph& graph,
                                       std::span<const RevIndex> revisions) {
  std::vector<std::string> out;
  out.reserve(revisions.size());
  for (RevIndex r : revisions) out.push_back(graph.id(r));
  return out;
}

}  // namespace retort::graph
