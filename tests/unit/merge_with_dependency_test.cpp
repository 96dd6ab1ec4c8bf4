// A three-way merge whose parents include X and a revision that depends on X
// (Alembic 1.8.1 crashes on it; retort planned a DELETE of X, which is no row
// once its dependent is applied). The merge replaces the parents that are
// rows; X stays implied.
#include <gtest/gtest.h>

#include "support/graph_builder.hpp"

namespace retort::testing {
namespace {

RevisionGraph merge_of_a_dependency() {
  return GraphBuilder().rev("X").rev("Y").depends("X").rev("Z").rev("M", {"X", "Y", "Z"}).build();
}

TEST(MergeWithDependency, UpgradeFromEmptyEndsAtTheMerge) {
  const RevisionGraph graph = merge_of_a_dependency();
  Plan plan = plan_upgrade(graph, {}, "head");
  EXPECT_EQ(step_ids(graph, plan), "Z X Y M");
  EXPECT_EQ(plan_changes(plan), "INSERT Z | INSERT X | UPDATE X->Y | DELETE Y; UPDATE Z->M");
  EXPECT_EQ(rows_after(plan), "M");
}

TEST(MergeWithDependency, UpgradeFromThePartsAndDowngradeBack) {
  const RevisionGraph graph = merge_of_a_dependency();
  const std::vector<std::string> parts{"Y", "Z"};
  Plan up = plan_upgrade(graph, parts, "M");
  EXPECT_EQ(plan_changes(up), "DELETE Y; UPDATE Z->M");
  EXPECT_EQ(rows_after(up), "M");
  const std::vector<std::string> merged{"M"};
  Plan down = plan_downgrade(graph, merged, "Z");
  EXPECT_EQ(step_ids(graph, down), "M");
  EXPECT_EQ(rows_after(down), "Y Z");
  Plan base = plan_downgrade(graph, merged, "base");
  EXPECT_EQ(rows_after(base), "");
}

}  // namespace
}  // namespace retort::testing
