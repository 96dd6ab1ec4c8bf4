// Relative and absolute upgrade/downgrade targets (docs/alembic-semantics.md §2.6).
#include "graph/relative.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "graph/ancestry.hpp"
#include "graph/revision_errors.hpp"
#include "retort/display_text.hpp"

namespace retort::graph {
namespace {

RevisionFailure not_produced(std::string_view relative, const Target& target) {
  return RevisionFailure(fmt::format("Relative revision {} didn't produce {} migrations",
                                     text::shortened(relative),
                                     text::shortened(target.magnitude_text)));
}

std::vector<RevIndex> resolve_each(Resolver& resolver, std::span<const std::string> texts) {
  return revisions_of(resolver.get_revisions(texts));
}

// `+N` / `L@+N` without a symbol: where the walk starts (§2.6 table, row 1).
Place upgrade_start(Resolver& resolver, std::span<const std::string> current,
                    const std::string& label) {
  const RevisionGraph& graph = resolver.graph();
  std::vector<std::string> start(current.begin(), current.end());
  if (!label.empty()) {
    auto rows = resolve_each(resolver, current);
    auto on_branch = resolver.filter_for_lineage(rows, label);
    if (on_branch.empty()) {
      // The branch has no row: start from the tips of the applied set that
      // lie in its lineage (a branch implied through a dependency).
      auto active = resolver.filter_for_lineage(graph.ancestors(rows).members(), label);
      RevisionSet below(graph.size());
      for (RevIndex r : active) {
        for (RevIndex p : graph.normalized_parents(r)) below.insert(p);
      }
      std::erase_if(active, [&](RevIndex r) { return below.contains(r); });
      on_branch = std::move(active);
    }
    start.clear();
    for (RevIndex r : on_branch) start.push_back(graph.id(r));
  }
  if (start.size() > 1) throw RevisionFailure("Ambiguous upgrade from multiple current revisions");
  if (start.empty()) return Place::nothing();
  return Place::from(resolver.get_revision(start.front()));
}

}  // namespace

std::vector<Place> parse_upgrade_target(Resolver& resolver, std::span<const std::string> current,
                                        const Target& target, bool assert_relative_length) {
  if (!target.relative) return resolver.get_revisions(target.text);
  std::optional<Place> reached;
  if (target.delta > 0) {
    Place from = target.symbol.empty() ? upgrade_start(resolver, current, target.label)
                                       : Place::from(resolver.get_revision(target.symbol));
    reached = resolver.walk(from, target.delta, target.label, assert_relative_length);
    // Alembic crashes when `sym+N` runs out (§10); report it like `+N`.
    if (!reached) throw not_produced(target.delta_text, target);
  } else {
    if (target.symbol.empty()) throw not_produced(fmt::format("{}", target.delta), target);
    Place from = Place::from(resolver.get_revision(
        target.label.empty() ? target.symbol : target.label + "@" + target.symbol));
    reached = resolver.walk(from, target.delta, {}, assert_relative_length);
    if (!reached) throw not_produced(target.delta_text, target);
  }
  return {*reached};
}

DowngradeTarget parse_downgrade_target(Resolver& resolver, std::span<const std::string> current,
                                       const Target& target, bool assert_relative_length) {
  const RevisionGraph& graph = resolver.graph();
  DowngradeTarget out;
  if (!target.relative) {
    // Absolute: split at the last '@'; the label only filters branches.
    const auto at = target.text.rfind('@');
    std::string symbol = target.text;
    if (at != std::string::npos) {
      out.label = target.text.substr(0, at);
      symbol = target.text.substr(at + 1);
    }
    out.target = Place::from(resolver.get_revision(symbol));
    return out;
  }
  out.label = target.label;
  if (target.delta >= 0) {
    if (target.symbol.empty()) throw not_produced(target.delta_text, target);
    auto reached = resolver.walk(Place::from(resolver.get_revision(target.symbol)), target.delta,
                                 target.label, assert_relative_length);
    if (!reached) throw RevisionFailure("Walked too far");
    out.target = *reached;
    return out;
  }

  std::string symbol = target.symbol;
  const bool from_rows = symbol.empty();
  if (from_rows && !out.label.empty()) {
    // `L@-N`: the row on L's branch, else the branch head of the applied set
    // on it (covers a branch implied through a dependency).
    auto rows = resolve_each(resolver, current);
    auto on_branch = resolver.filter_for_lineage(rows, out.label);
    if (on_branch.empty()) {
      on_branch = resolver.filter_for_lineage(applied_branch_heads(graph, rows), out.label);
    }
    // Alembic asserts exactly one; report the other cases (§10).
    if (on_branch.empty()) {
      throw RevisionFailure(
          fmt::format("Relative revision {} didn't produce {} migrations",
                      text::shortened(target.delta_text), text::shortened(target.magnitude_text)),
          fmt::format("no applied revision is on branch {}", text::quote(out.label)));
    }
    if (on_branch.size() > 1) {
      throw RevisionFailure(
          fmt::format("Ambiguous downgrade from multiple current revisions on branch {}",
                      text::quote(out.label)));
    }
    symbol = graph.id(on_branch.front());
  } else if (from_rows) {
    if (current.empty()) throw not_produced(target.delta_text, target);
    std::vector<std::string> distinct(current.begin(), current.end());
    std::sort(distinct.begin(), distinct.end());
    if (std::unique(distinct.begin(), distinct.end()) - distinct.begin() > 1) {
      out.warnings.push_back(
          "downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a "
          "future release.");
    }
    // The first row as the server returned it, as Alembic takes it (§2.6).
    symbol = current.front();
    out.label = symbol;  // only that row's branch is dropped
  }
  Place from =
      Place::from(resolver.get_revision(out.label.empty() ? symbol : out.label + "@" + symbol));
  auto reached = resolver.walk(from, target.delta, {}, assert_relative_length);
  if (!reached) {
    if (from_rows) throw not_produced(target.delta_text, target);
    throw RevisionFailure("Walked too far");
  }
  out.target = *reached;
  return out;
}

}  // namespace retort::graph
