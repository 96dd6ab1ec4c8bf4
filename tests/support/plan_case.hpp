// One row of a table-driven planning test: a graph shape, the rows before,
// a command and what Alembic does (steps, version-table statements, rows
// after) or the error it reports.
#pragma once

#include <ostream>

#include "support/graph_builder.hpp"

namespace retort::testing {

struct PlanCase {
  const char* name;
  RevisionGraph (*graph)();
  Command command;
  const char* rows;             // before, space separated
  const char* target;           // stamp: destinations, space separated
  const char* steps;            // revision ids in order ("base" for a stamp to base)
  const char* changes;          // plan_changes() format, nullptr: not checked
  const char* rows_after;       // space separated, load order; nullptr: not checked
  const char* error = nullptr;  // when set, the expected error message instead
};

// GoogleTest prints parameters with this.
inline void PrintTo(const PlanCase& row, std::ostream* out) {
  *out << row.name;
}

// Plans `row` and checks every expectation it states (EXPECT_*, tagged with row.name).
void expect_plan(const PlanCase& row);

}  // namespace retort::testing
