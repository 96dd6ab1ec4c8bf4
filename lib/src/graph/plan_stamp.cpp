// `stamp DEST...` (docs/alembic-semantics.md §5.4), with the related rows computed
// per destination so that an unrelated row is never moved (the §5.4 defect:
// rows {x1, y1}, `stamp x2 y1` gives {x2, y1}, not {x2}).
#include <fmt/format.h>

#include <algorithm>

#include "graph/plan_support.hpp"
#include "graph/resolver.hpp"
#include "graph/revision_errors.hpp"
#include "graph/version_changes.hpp"
#include "retort/plan.hpp"
#include "retort/target.hpp"

namespace retort {
namespace {

// Adds the deletion of every given row to the front of the plan (`--purge`).
void prepend_purge(Plan& plan, std::span<const std::string> rows) {
  std::vector<VersionChange> purge;
  for (const auto& row : rows) {
    bool seen = std::any_of(purge.begin(), purge.end(),
                            [&](const VersionChange& change) { return change.from == row; });
    if (!seen) purge.push_back({VersionChange::Op::remove, row, ""});
  }
  if (purge.empty()) return;
  if (plan.steps.empty()) plan.steps.push_back(Step{Direction::stamp, std::nullopt, {}, {}});
  auto& changes = plan.steps.front().changes;
  changes.insert(changes.begin(), purge.begin(), purge.end());
}

}  // namespace

Plan plan_stamp(const RevisionGraph& graph, std::span<const std::string> rows,
                std::span<const std::string> destinations, bool purge) {
  const std::vector<RevIndex> current = purge ? std::vector<RevIndex>{} : resolve_rows(graph, rows);

  graph::ErrorContext context;
  context.wording = HeadsWording::stamp;
  graph::Resolver resolver(graph);
  return graph::with_revision_errors(graph, context, [&] {
    std::vector<std::string> texts(destinations.begin(), destinations.end());
    if (texts.empty()) texts.emplace_back("base");

    std::vector<RevIndex> targets;
    for (const auto& text : texts) {
      for (const auto& place : resolver.get_revisions(text)) {
        if (place.kind == graph::Place::Kind::overwalked) {
          throw graph::RevisionFailure("Walked too far");
        }
        if (!place.is_revision()) continue;
        if (std::find(targets.begin(), targets.end(), place.rev) != targets.end()) {
          // Alembic crashes on this (§10).
          throw graph::RevisionFailure(
              fmt::format("Stamp destination {} is given more than once", graph.id(place.rev)));
        }
        targets.push_back(place.rev);
      }
    }

    Plan plan;
    plan.rows_before =
        purge ? std::vector<std::string>(rows.begin(), rows.end()) : graph::ids_of(graph, current);
    graph::RowTracker tracker(graph, current);
    if (targets.empty()) {
      // Base: one delete step per row related to a destination string (all
      // rows for `base`, those in L's lineage for `L@base`).
      RevisionSet related(graph.size());
      for (const auto& text : texts) {
        for (RevIndex r : resolver.filter_for_lineage(current, text, true)) related.insert(r);
      }
      for (RevIndex row : related.members()) {
        const RevIndex source[] = {row};
        plan.steps.push_back(Step{Direction::stamp,
                                  std::nullopt,
                                  tracker.stamp(source, std::nullopt, false, true),
                                  {row}});
      }
    }
    // Which destination moved each row down so far: two may not move the same one.
    std::vector<std::pair<RevIndex, RevIndex>> moved_by;
    for (RevIndex destination : targets) {
      // The rows sharing lineage (dependencies included) with this destination.
      const RevisionSet& lineage = resolver.lineage_set(destination, true);
      std::vector<RevIndex> related;
      for (RevIndex row : current) {
        if (lineage.contains(row)) related.push_back(row);
      }
      if (std::find(related.begin(), related.end(), destination) != related.end()) continue;
      bool below = false;
      bool above = false;
      for (RevIndex row : related) {
        (graph.is_ancestor(row, destination) ? below : above) = true;
      }
      if (below && above) {
        // Alembic asserts; only an inconsistent table has rows on both sides.
        throw graph::RevisionFailure(
            fmt::format("Cannot stamp {}: the version table has rows both above and below it",
                        graph.id(destination)),
            "repair the table with `retort stamp --purge`");
      }
      if (above) {
        // Moving rows down: a row an earlier destination moved down already
        // is gone. Alembic 1.8.1 crashes here with a KeyError (§10.1).
        for (RevIndex row : related) {
          for (const auto& [source, earlier] : moved_by) {
            if (source != row) continue;
            throw graph::RevisionFailure(
                fmt::format("Stamp destinations {} and {} would both move the row {} down",
                            graph.id(earlier), graph.id(destination), graph.id(row)),
                "stamp one of them; the rows are the tips of what is applied");
          }
        }
        for (RevIndex row : related) moved_by.emplace_back(row, destination);
      }
      Step step{Direction::stamp, destination, {}, {}};
      if (above || below) {
        // Move all related rows to the destination in one step (down or up).
        step.changes = tracker.stamp(related, destination, below, false);
        step.sources = related;
      } else {
        step.changes = tracker.stamp({}, destination, true, true);  // a new branch
      }
      plan.steps.push_back(std::move(step));
    }
    if (purge) prepend_purge(plan, rows);
    plan.rows_after = graph::ids_of(graph, tracker.rows());
    return plan;
  });
}

}  // namespace retort
