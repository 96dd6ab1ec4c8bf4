// `upgrade TARGET` (docs/alembic-semantics.md §3).
#include <fmt/format.h>

#include <algorithm>

#include "graph/ancestry.hpp"
#include "graph/emission.hpp"
#include "graph/plan_support.hpp"
#include "graph/relative.hpp"
#include "graph/revision_errors.hpp"
#include "graph/version_changes.hpp"
#include "retort/plan.hpp"
#include "retort/target.hpp"

namespace retort {

Plan plan_upgrade(const RevisionGraph& graph, std::span<const std::string> rows,
                  std::string_view target_text) {
  const std::vector<RevIndex> current = resolve_rows(graph, rows);
  const std::vector<std::string> row_ids = graph::ids_of(graph, current);

  graph::ErrorContext context;
  context.end = std::string(target_text);
  context.not_ancestor_message =
      fmt::format("Destination {} is not a valid upgrade target from current head(s)", target_text);
  graph::Resolver resolver(graph);
  return graph::with_revision_errors(graph, context, [&] {
    const Target target = Target::parse(target_text);
    const std::vector<RevIndex> targets =
        graph::revisions_of(graph::parse_upgrade_target(resolver, row_ids, target, true));

    // todo = required - applied (§3.1); both walks check for overlaps.
    RevisionSet todo = graph::checked_ancestors(graph, targets);
    const RevisionSet applied = graph::checked_ancestors(graph, current);
    for (RevIndex r : applied.members()) todo.erase(r);

    std::vector<RevIndex> order = graph::emission_order(graph, std::move(todo), targets);
    std::reverse(order.begin(), order.end());

    Plan plan;
    plan.rows_before = row_ids;
    graph::RowTracker tracker(graph, current);
    plan.steps.reserve(order.size());
    for (RevIndex r : order) {
      plan.steps.push_back(Step{Direction::upgrade, r, tracker.upgrade(r), {}});
    }
    plan.rows_after = graph::ids_of(graph, tracker.rows());
    return plan;
  });
}

}  // namespace retort
