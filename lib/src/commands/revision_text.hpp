// Text renderings of a revision (docs/alembic-semantics.md §7.1): the short line
//   [<parents> [(<deps>)] -> ]<id>[ (<labels>)][ (head)| (effective head)]
//   [ (current)][ (branchpoint)][ (mergepoint)][, <doc>]
// and the full entry of `show` and every -v listing.
#pragma once

#include <string>
#include <vector>

#include "retort/revision_graph.hpp"

namespace retort::listing {

// Which parts of the short line to render. (head)/(effective head) and
// (current) are always rendered; (current) needs a set of current revisions.
struct LineStyle {
  bool parents = false;         // "<parents> [(<deps>)] -> " prefix
  bool labels = true;           // " (<propagated labels>)"
  bool tree_indicators = true;  // " (branchpoint)", " (mergepoint)"
  bool doc = false;             // ", <doc>" (omitted when the doc is empty)
};

inline constexpr LineStyle k_history_style{true, true, true, true};
inline constexpr LineStyle k_heads_style{false, true, false, false};
inline constexpr LineStyle k_branches_style{false, true, true, false};
inline constexpr LineStyle k_branch_child_verbose_style{false, true, true, true};
inline constexpr LineStyle k_current_style{false, false, true, false};

// `current` (may be null) marks revisions that are version-table rows.
std::string short_line(const RevisionGraph& graph, RevIndex revision, const LineStyle& style,
                       const RevisionSet* current = nullptr);

// The full entry, one string per line, ending with an empty line:
//   Rev: <id>[ (head)][ (branchpoint)][ (mergepoint)][ (current)]
//   Parent: <base> | Parent: <p> | Merges: <p1>, <p2>
//   Also depends on: <deps as written>     (only if any)
//   Branches into: <children>              (only for branch points)
//   Branch names: <labels>                 (only if any)
//   Path: <file>
//   (empty line, the message indented by 4 spaces, empty line)
// Here (head) means versioned head.
std::vector<std::string> full_entry(const RevisionGraph& graph, RevIndex revision,
                                    const RevisionSet* current = nullptr);

}  // namespace retort::listing
