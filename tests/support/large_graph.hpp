// Large generated revision graphs for scale tests and measurements: a long
// main line with a diamond (branch point, two arms of two revisions, merge)
// every ten revisions, a dependency on an earlier main-line revision every
// fifty, and a labelled side branch that forks early and merges into the
// final head.
#pragma once

#include <cstddef>
#include <vector>

#include "retort/revision.hpp"

namespace retort::testing {

// About `size` revisions (at least `size`), in load order; one head.
std::vector<Revision> large_graph_revisions(std::size_t size);

}  // namespace retort::testing
