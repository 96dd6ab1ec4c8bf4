#include "support/plan_case.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "retort/error.hpp"

namespace retort::testing {

void expect_plan(const PlanCase& row) {
  const RevisionGraph graph = row.graph();
  if (row.error != nullptr) {
    EXPECT_EQ(error_message([&] { plan_command(graph, row.command, row.rows, row.target); }),
              row.error)
        << row.name;
    return;
  }
  Plan plan;
  try {
    plan = plan_command(graph, row.command, row.rows, row.target);
  } catch (const Error& error) {
    ADD_FAILURE() << row.name << ": unexpected error: " << error.what();
    return;
  }
  EXPECT_EQ(step_ids(graph, plan), row.steps) << row.name;
  if (row.changes != nullptr) {
    EXPECT_EQ(plan_changes(plan), row.changes) << row.name;
  }
  if (row.rows_after != nullptr) {
    EXPECT_EQ(rows_after(plan), row.rows_after) << row.name;
  }
  // The simulated rows agree with applying the statements to the rows before.
  std::vector<std::string> applied = plan.rows_before;
  for (const auto& step : plan.steps) applied = apply_changes(applied, step.changes);
  std::sort(applied.begin(), applied.end());
  std::vector<std::string> after = plan.rows_after;
  std::sort(after.begin(), after.end());
  EXPECT_EQ(applied, after) << row.name;
}

}  // namespace retort::testing
