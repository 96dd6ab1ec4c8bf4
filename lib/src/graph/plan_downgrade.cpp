// `downgrade TARGET` (docs/alembic-semantics.md §4).
#include <fmt/format.h>

#include <algorithm>

#include "graph/emission.hpp"
#include "graph/plan_support.hpp"
#include "graph/relative.hpp"
#include "graph/revision_errors.hpp"
#include "graph/version_changes.hpp"
#include "retort/plan.hpp"
#include "retort/target.hpp"

namespace retort {

Plan plan_downgrade(const RevisionGraph& graph, std::span<const std::string> rows,
                    std::string_view target_text) {
  const std::vector<RevIndex> current = resolve_rows(graph, rows);
  const std::vector<std::string> row_ids = graph::ids_of(graph, current);

  graph::ErrorContext context;
  context.end = std::string(target_text);
  context.not_ancestor_message = fmt::format(
      "Destination {} is not a valid downgrade target from current head(s)", target_text);
  graph::Resolver resolver(graph);
  return graph::with_revision_errors(graph, context, [&] {
    const Target target = Target::parse(target_text);
    // `-N` from several rows starts at the first row as the server returned
    // it, as Alembic does (§2.6): `rows` keeps that order, row_ids is in
    // load order.
    const std::vector<std::string> server_order(rows.begin(), rows.end());
    graph::DowngradeTarget parsed =
        graph::parse_downgrade_target(resolver, server_order, target, true);
    std::optional<RevIndex> destination;
    if (parsed.target.is_revision()) destination = parsed.target.rev;

    // Roots to drop: the children of the target, or every base (§4.1).
    std::span<const RevIndex> root_list =
        destination ? graph.children(*destination) : std::span<const RevIndex>(graph.bases());
    std::vector<RevIndex> roots(root_list.begin(), root_list.end());
    if (!parsed.label.empty() && roots.size() > 1) {
      const RevIndex branch = resolver.resolve_branch(parsed.label);
      const RevIndex from[] = {branch};
      const RevisionSet lineage = graph.versioned_ancestors(from);
      std::erase_if(roots, [&](RevIndex r) { return !lineage.contains(r); });
      if (roots.empty())
        throw graph::RevisionFailure("Not a valid downgrade target from current heads");
    }

    // Everything applied that descends (any edge) from a root.
    RevisionSet drop = graph.descendants(roots);
    const RevisionSet applied = graph.ancestors(current);
    for (RevIndex r : drop.members()) {
      if (!applied.contains(r)) drop.erase(r);
    }
    if (destination && drop.empty() &&
        std::find(current.begin(), current.end(), *destination) == current.end()) {
      throw graph::RangeNotAncestorFailure();
    }

    std::vector<RevIndex> order = graph::emission_order(graph, std::move(drop), current);
    Plan plan;
    plan.rows_before = row_ids;
    plan.warnings = std::move(parsed.warnings);
    graph::RowTracker tracker(graph, current);
    plan.steps.reserve(order.size());
    for (RevIndex r : order) {
      plan.steps.push_back(Step{Direction::downgrade, r, tracker.downgrade(r), {}});
    }
    plan.rows_after = graph::ids_of(graph, tracker.rows());
    return plan;
  });
}

}  // namespace retort
