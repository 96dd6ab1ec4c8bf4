// docs/alembic-semantics.md §8 scenarios on unmerged branches: BR
// (a <- b1 (left) <- b1b, a <- b2 (right) <- b2b) and B2G (a <- b,
// b <- c1 (c1branch) <- d1, b <- c2 (c2branch) <- d2, §4.4), run through the
// CLI binary against a real PostgreSQL.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "support/graph_projects.hpp"

namespace retort::testing {
namespace {

class TwoHeads : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_two_heads_graph(into); }
};

TEST_F(TwoHeads, UpgradeHeadFailsAndLeavesNoTable) {  // §8 #18
  auto result = retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "Multiple head revisions")) << result.err;
  // The error names the heads and suggests `heads`, a label or a merge (architecture §3).
  EXPECT_TRUE(contains(result.err, "b1b")) << result.err;
  EXPECT_TRUE(contains(result.err, "b2b")) << result.err;
  EXPECT_FALSE(project->table_exists("public.alembic_version"));
  EXPECT_FALSE(project->table_exists("public.retort_history"));
  EXPECT_EQ(log(), "");
  EXPECT_EQ(tables(), "");
}

TEST_F(TwoHeads, UpgradeHeadsRunsTheFirstHeadInLoadOrderLast) {  // §8 #19
  auto result = retort({"upgrade", "heads"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "a,b2,b2b,b1,b1b");
  EXPECT_EQ(rows(), (Rows{"b1b", "b2b"}));
  EXPECT_EQ(tables(), "a,b1,b1b,b2,b2b");
}

TEST_F(TwoHeads, UpgradeLabelHeadRunsThatBranchOnly) {  // §2.4
  auto result = retort({"upgrade", "right@head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "a,b2,b2b");
  EXPECT_EQ(rows(), (Rows{"b2b"}));
}

TEST_F(TwoHeads, RelativeUpgradeAtABranchPointIsAnAmbiguousWalk) {  // §8 #20
  ASSERT_TRUE(given({"upgrade", "a"}));
  auto result = retort({"upgrade", "+1"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "Ambiguous walk")) << result.err;
  EXPECT_EQ(log(), "");
  EXPECT_EQ(rows(), (Rows{"a"}));
}

TEST_F(TwoHeads, RelativeUpgradeWithALabelFollowsThatBranch) {  // §8 #20
  ASSERT_TRUE(given({"upgrade", "a"}));
  auto result = retort({"upgrade", "left@+1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "b1");
  EXPECT_EQ(rows(), (Rows{"b1"}));
}

TEST_F(TwoHeads, DowngradeLabelBaseWithOneSharedRootDropsEverything) {  // §8 #21
  ASSERT_TRUE(given({"upgrade", "heads"}));
  auto result = retort({"downgrade", "right@base"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // One root only: the label filters nothing, so the left branch goes too.
  EXPECT_EQ(log(), "-b1b,-b1,-b2b,-b2,-a");
  EXPECT_EQ(rows(), Rows{});
  EXPECT_EQ(tables(), "");
}

TEST_F(TwoHeads, DowngradeLabelMinusOneRunsThatBranchsTopOnly) {  // §8 #22
  ASSERT_TRUE(given({"upgrade", "heads"}));
  auto result = retort({"downgrade", "left@-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-b1b");
  EXPECT_EQ(rows(), (Rows{"b1", "b2b"}));
  EXPECT_EQ(tables(), "a,b1,b2,b2b");
}

TEST_F(TwoHeads, DowngradeToAnUnappliedBranchIsNotAValidTarget) {  // §8 #23
  ASSERT_TRUE(given({"upgrade", "right@head"}));
  auto result = retort({"downgrade", "left@a"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "is not a valid downgrade target from current head(s)"))
      << result.err;
  EXPECT_EQ(log(), "");
  EXPECT_EQ(rows(), (Rows{"b2b"}));
}

class LabeledBranchesUpgrade : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_labeled_branches_graph(into); }
};

TEST_F(LabeledBranchesUpgrade, UpgradeHeadsRunsTheFirstHeadInLoadOrderLast) {  // §3.4
  auto result = retort({"upgrade", "heads"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "a,b,c2,d2,c1,d1");
  EXPECT_EQ(rows(), (Rows{"d1", "d2"}));
}

TEST_F(LabeledBranchesUpgrade, UpgradeLabelHeadFromTheOtherBranchInsertsARow) {  // §3.1
  ASSERT_TRUE(given({"upgrade", "c1branch@head"}));
  auto result = retort({"upgrade", "c2branch@head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "c2,d2");
  EXPECT_EQ(rows(), (Rows{"d1", "d2"}));
}

// B2G, table-driven (§4.4 "Branched B2"): each case starts from a fresh
// database brought to a state by `given` commands.
struct DowngradeCase {
  std::string name;
  std::vector<std::vector<std::string>> given;
  std::string target;
  int exit_code;
  std::string log;  // downgrades ran, in order
  Rows rows_after;
};

class LabeledBranches : public GraphDatabaseTest,
                        public ::testing::WithParamInterface<DowngradeCase> {
 protected:
  void add_graph(MigrationProject& into) override { add_labeled_branches_graph(into); }
};

TEST_P(LabeledBranches, Downgrade) {
  const auto& c = GetParam();
  for (const auto& args : c.given) ASSERT_TRUE(given(args));
  auto before = rows();
  auto result = retort({"downgrade", c.target});
  EXPECT_EQ(result.exit_code, c.exit_code) << "downgrade " << c.target << "\n" << result.err;
  EXPECT_EQ(log(), c.log) << "downgrade " << c.target;
  EXPECT_EQ(rows(), c.exit_code == 0 ? c.rows_after : before) << "downgrade " << c.target;
}

const std::vector<std::string> k_upgrade_heads{"upgrade", "heads"};

INSTANTIATE_TEST_SUITE_P(
    Spec, LabeledBranches,
    ::testing::Values(
        DowngradeCase{"ToTheBranchPoint", {k_upgrade_heads}, "b", 0, "-d1,-c1,-d2,-c2", {"b"}},
        DowngradeCase{"BasePlusTwo", {k_upgrade_heads}, "base+2", 0, "-d1,-c1,-d2,-c2", {"b"}},
        DowngradeCase{
            "LabelBasePlusTwo", {k_upgrade_heads}, "c2branch@base+2", 0, "-d2,-c2", {"d1"}},
        DowngradeCase{"OneBranchOneStep", {k_upgrade_heads}, "c2", 0, "-d2", {"c2", "d1"}},
        DowngradeCase{"LabelMinusOne", {k_upgrade_heads}, "c1branch@-1", 0, "-d1", {"c1", "d2"}},
        DowngradeCase{
            "LabelHeadMinusOne", {k_upgrade_heads}, "c1branch@head-1", 0, "-d1", {"c1", "d2"}},
        // No label: the target b has two children, so both branches go.
        DowngradeCase{"RevisionMinusOne", {k_upgrade_heads}, "c1-1", 0, "-d1,-c1,-d2,-c2", {"b"}},
        DowngradeCase{
            "LabelRevisionMinusOne", {k_upgrade_heads}, "c1branch@c1-1", 0, "-d1,-c1", {"d2"}},
        DowngradeCase{"RevisionAsBranchSelector", {k_upgrade_heads}, "c2@b", 0, "-d2,-c2", {"d1"}},
        DowngradeCase{
            "OtherRevisionAsBranchSelector", {k_upgrade_heads}, "d1@b", 0, "-d1,-c1", {"d2"}},
        // Single shared root: the label is ignored and everything goes.
        DowngradeCase{
            "LabelBase", {k_upgrade_heads}, "c1branch@base", 0, "-d1,-c1,-d2,-c2,-b,-a", {}},
        // Absolute targets drop the label: c1branch@head means the global head.
        DowngradeCase{"LabelHeadIsTheGlobalHead", {k_upgrade_heads}, "c1branch@head", 2, "", {}},
        DowngradeCase{"FromAMixedState",
                      {k_upgrade_heads, {"downgrade", "c1branch@-1"}},
                      "d2-1",
                      0,
                      "-d2",
                      {"c1", "c2"}}),
    [](const ::testing::TestParamInfo<DowngradeCase>& param_info) {
      return param_info.param.name;
    });

}  // namespace
}  // namespace retort::testing
