// Planning: pure functions from (graph, version-table rows, target) to an
// ordered list of steps, each with its version-table effect
// (docs/alembic-semantics.md §3-§5). No I/O; Alembic's exact order.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision_graph.hpp"

namespace retort {

enum class Direction { upgrade, downgrade, stamp };

// "upgrade", "downgrade" or "stamp", as written to the history table and JSON.
const char* to_string(Direction direction);

// One statement against the version table.
struct VersionChange {
  enum class Op { insert, update, remove };
  Op op;
  std::string from;  // update/remove: the row changed; empty for insert
  std::string to;    // insert/update: the new row; empty for remove
  friend bool operator==(const VersionChange&, const VersionChange&) = default;
};

struct Step {
  Direction direction;
  // The revision whose section runs (upgrade/downgrade) or the stamp
  // destination; empty for a stamp step to base.
  std::optional<RevIndex> revision;
  // Version-table statements to run after the section, in order (§5.3).
  std::vector<VersionChange> changes;
  // Stamp steps only: the rows the step moves from (Alembic's StampStep
  // `from_`), shown by describe_step(); empty for a step that starts a new
  // branch and for the purge step.
  std::vector<RevIndex> sources;
};

struct Plan {
  std::vector<Step> steps;
  std::vector<std::string> rows_before;  // version-table rows the plan starts from
  std::vector<std::string> rows_after;   // rows once every step ran, in load order
  std::vector<std::string> warnings;     // e.g. the ambiguous `downgrade -1` warning
};

// `upgrade TARGET` from `rows` (§3): the steps run in Alembic's order (reverse
// emission, §3.4), each with its version-table statements (§5.3, >=1.13.1).
// Throws Error(ErrorKind::target) for rows no file defines (naming all of
// them), targets that do not resolve, overlapping rows or targets ("Requested
// revision X overlaps with other requested revisions Y") and relative targets
// that cannot be walked (§2.6), with "didn't produce N migrations" where
// Alembic crashes. Upgrading to an applied or older revision is an empty plan.
Plan plan_upgrade(const RevisionGraph& graph, std::span<const std::string> rows,
                  std::string_view target);

// `downgrade TARGET` from `rows` (§4), in the order the server returned
// them. `-N` with several rows adds the "downgrade -1 from multiple heads is
// ambiguous" warning and walks from the first of them, as Alembic does. Throws
// Error(ErrorKind::target) as plan_upgrade, plus "Destination X is not a valid downgrade target
// from current head(s)".
Plan plan_downgrade(const RevisionGraph& graph, std::span<const std::string> rows,
                    std::string_view target);

// `stamp DEST...` (§5.4) computing related rows per destination (no loss of
// unrelated rows). No destinations means `base`; a destination given twice
// is an error. With `purge` the current rows are ignored for planning (unknown
// ids are fine): the first step's changes start by deleting every row.
Plan plan_stamp(const RevisionGraph& graph, std::span<const std::string> rows,
                std::span<const std::string> destinations, bool purge);

// The rows a version table holds after applying `changes` to `rows` (in the
// given order); used by executors and tests.
std::vector<std::string> apply_changes(std::vector<std::string> rows,
                                       std::span<const VersionChange> changes);

// Log line of a step: "Running upgrade a -> b, doc" (§6.2, versioned parents only).
std::string describe_step(const RevisionGraph& graph, const Step& step, bool with_doc = true);

}  // namespace retort
