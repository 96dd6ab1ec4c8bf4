// History selection (§7.6), current heads (§7.7) and pending revisions.
#include "retort/history.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "graph/ancestry.hpp"
#include "graph/emission.hpp"
#include "graph/plan_support.hpp"
#include "graph/relative.hpp"
#include "graph/revision_errors.hpp"
#include "retort/error.hpp"
#include "retort/target.hpp"

namespace retort {
namespace {

// The revisions of `places`, or nothing when a `-N` lower bound walked past
// the bases (Alembic special-cases that into "from base").
std::vector<RevIndex> lower_bound_revisions(const std::vector<graph::Place>& places) {
  for (const auto& place : places) {
    if (place.kind == graph::Place::Kind::overwalked || place.kind == graph::Place::Kind::base) {
      return {};
    }
  }
  return graph::revisions_of(places);
}

}  // namespace

std::vector<RevIndex> select_history(const RevisionGraph& graph, std::string_view range,
                                     std::span<const std::string> current_rows) {
  std::string start = "base";
  std::string end = "heads";
  if (!range.empty()) {
    auto parsed = RevisionRange::parse(range);
    if (!parsed) {
      throw Error(ErrorKind::usage, "History range requires [start]:[end], [start]:, or :[end]");
    }
    if (!parsed->start.empty()) start = parsed->start;
    if (!parsed->end.empty()) end = parsed->end;
  }
  // `current` stands for the rows; with no rows it falls back to base / heads.
  std::vector<std::string> lower{start};
  std::vector<std::string> upper{end};
  const bool lower_is_rows = start == "current";
  const bool upper_is_rows = end == "current";
  if (lower_is_rows || upper_is_rows) {
    auto rows = graph::ids_of(graph, resolve_rows(graph, current_rows));
    if (lower_is_rows) lower = rows.empty() ? std::vector<std::string>{"base"} : rows;
    if (upper_is_rows) upper = rows.empty() ? std::vector<std::string>{"heads"} : rows;
  }

  graph::ErrorContext context;
  context.end = end;
  context.not_ancestor_message = fmt::format(
      "Requested range {}:{} does not refer to ancestor/descendant revisions along the same "
      "branch",
      start, end);
  graph::Resolver resolver(graph);
  return graph::with_revision_errors(graph, context, [&] {
    // Targets: the end, relative forms walking from the start (no error when
    // a walk runs out: it stops at the last revision).
    std::vector<RevIndex> targets = upper_is_rows
                                        ? graph::revisions_of(resolver.get_revisions(upper))
                                        : graph::revisions_of(graph::parse_upgrade_target(
                                              resolver, lower, Target::parse(end), false));
    // `L@...` as start keeps only targets carrying label L (a revision id
    // stands for its single label).
    if (!lower_is_rows) {
      if (auto at = start.find('@'); at != std::string::npos) {
        std::string branch = start.substr(0, at);
        auto named = resolver.get_revision(branch);
        if (named && graph.id(*named) == branch) {
          const auto& labels = graph.labels(*named);
          if (labels.size() != 1) {
            throw graph::RevisionFailure(
                fmt::format("Revision {} carries {} branch labels; name the branch instead", branch,
                            labels.size()));
          }
          branch = labels.front();
        }
        std::erase_if(targets, [&](RevIndex t) { return !graph.has_label(t, branch); });
        std::sort(targets.begin(), targets.end());
        targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
      }
    }

    RevisionSet selected = graph::checked_ancestors(graph, targets);
    const std::vector<RevIndex> bottom = lower_bound_revisions(resolver.get_revisions(lower));
    for (RevIndex r : bottom) {
      if (!selected.contains(r)) throw graph::RangeNotAncestorFailure();
    }
    if (!bottom.empty()) {
      // (required - anc(lower)) ∪ lower, restricted to vdesc(lower).
      for (RevIndex r : graph::checked_ancestors(graph, bottom).members()) selected.erase(r);
      for (RevIndex r : bottom) selected.insert(r);
      const RevisionSet above = graph::checked_versioned_descendants(graph, bottom);
      for (RevIndex r : selected.members()) {
        if (!above.contains(r)) selected.erase(r);
      }
    }
    return graph::emission_order(graph, std::move(selected), targets);
  });
}

std::vector<RevIndex> current_heads(const RevisionGraph& graph, std::span<const RevIndex> rows) {
  return graph::applied_branch_heads(graph, rows);
}

std::vector<RevIndex> pending_revisions(const RevisionGraph& graph,
                                        std::span<const RevIndex> rows) {
  RevisionSet todo(graph.size());
  const RevisionSet applied = graph.ancestors(rows);
  for (RevIndex r = 0; r < graph.size(); ++r) {
    if (!applied.contains(r)) todo.insert(r);
  }
  std::vector<RevIndex> order = graph::emission_order(graph, std::move(todo), graph.real_heads());
  std::reverse(order.begin(), order.end());
  return order;
}

}  // namespace retort
