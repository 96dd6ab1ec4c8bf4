// Read-only views of the graph and the database state: history selection,
// current heads, pending revisions.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision_graph.hpp"

namespace retort {

// `history -r RANGE` selection in emission order, newest first (§7.6).
// `range` is empty (everything), "start:", ":end" or "start:end"; `current`
// at either end stands for `current_rows`. Throws Error(ErrorKind::usage) for
// a range without ':' and Error(ErrorKind::target) for unresolvable bounds or
// a range that does not follow one line of descent.
std::vector<RevIndex> select_history(const RevisionGraph& graph, std::string_view range,
                                     std::span<const std::string> current_rows = {});

// What `current` shows (§7.7): the branch heads of the applied set
// (rows plus all their ancestors), in load order.
std::vector<RevIndex> current_heads(const RevisionGraph& graph, std::span<const RevIndex> rows);

// Revisions not yet applied, in upgrade order (what `upgrade heads` would run).
std::vector<RevIndex> pending_revisions(const RevisionGraph& graph, std::span<const RevIndex> rows);

}  // namespace retort
