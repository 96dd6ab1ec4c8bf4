// Plan helpers used by executors: applying version changes, log lines.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "graph/plan_support.hpp"
#include "retort/plan.hpp"

namespace retort {

const char* to_string(Direction direction) {
  switch (direction) {
    case Direction::upgrade:
      return "upgrade";
    case Direction::downgrade:
      return "downgrade";
    case Direction::stamp:
      return "stamp";
  }
  return "upgrade";
}

std::vector<std::string> apply_changes(std::vector<std::string> rows,
                                       std::span<const VersionChange> changes) {
  for (const auto& change : changes) {
    auto it = std::find(rows.begin(), rows.end(), change.from);
    switch (change.op) {
      case VersionChange::Op::insert:
        rows.push_back(change.to);
        break;
      case VersionChange::Op::update:
        if (it != rows.end()) {
          *it = change.to;
        } else {
          rows.push_back(change.to);
        }
        break;
      case VersionChange::Op::remove:
        if (it != rows.end()) rows.erase(it);
        break;
    }
  }
  return rows;
}

std::string describe_step(const RevisionGraph& graph, const Step& step, bool with_doc) {
  // Alembic's "<name> <from> -> <to>[, <doc>]" with versioned parents only;
  // an empty side leaves two spaces ("upgrade  -> a").
  if (step.direction == Direction::stamp) {
    if (!step.revision && step.sources.empty()) return "Purging the version table";
    return fmt::format("Running stamp_revision {} -> {}",
                       fmt::join(graph::ids_of(graph, step.sources), ", "),
                       step.revision ? graph.id(*step.revision) : std::string());
  }
  const RevIndex r = *step.revision;
  const std::string parents =
      fmt::format("{}", fmt::join(graph::ids_of(graph, graph.parents(r)), ", "));
  std::string line = step.direction == Direction::upgrade
                         ? fmt::format("Running upgrade {} -> {}", parents, graph.id(r))
                         : fmt::format("Running downgrade {} -> {}", graph.id(r), parents);
  if (with_doc) {
    const std::string doc = graph.at(r).doc();
    if (!doc.empty()) line += ", " + doc;
  }
  return line;
}

}  // namespace retort
