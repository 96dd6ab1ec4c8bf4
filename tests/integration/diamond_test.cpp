// docs/alembic-semantics.md §8 scenarios on the diamond D1
// (a <- b1 (left), a <- b2 (right), m = (b1, b2), m <- c), run through the
// CLI binary against a real PostgreSQL.
#include <gtest/gtest.h>

#include "support/graph_projects.hpp"

namespace retort::testing {
namespace {

class Diamond : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_diamond_graph(into); }
};

TEST_F(Diamond, UpgradeHeadRunsTheLastListedParentsBranchFirst) {  // §8 #10
  auto result = retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // Reverse emission (§3.4): m = (b1, b2), so b2's branch runs before b1's.
  EXPECT_EQ(log(), "a,b2,b1,m,c");
  EXPECT_EQ(rows(), (Rows{"c"}));
  EXPECT_EQ(tables(), "a,b1,b2,c,m");
  EXPECT_TRUE(contains(result.err, "Running upgrade  -> a, create a")) << result.err;
  EXPECT_TRUE(contains(result.err, "Running upgrade b1, b2 -> m, create m")) << result.err;
}

TEST_F(Diamond, UpgradeHeadRunsOneStepPerRevisionInTheHistoryTable) {  // §8 #10
  ASSERT_EQ(retort({"upgrade", "head"}).exit_code, 0);
  EXPECT_EQ(project->query("SELECT string_agg(revision || ':' || direction, ',' ORDER BY id) "
                           "FROM retort_history"),
            (Rows{"a:upgrade,b2:upgrade,b1:upgrade,m:upgrade,c:upgrade"}));
}

TEST_F(Diamond, DowngradeToOneMergeParentKeepsBothParentRows) {  // §8 #11
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"downgrade", "b1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-c,-m");
  // b2 stays: only m's descendants were removed; the merge is undone into both parents.
  EXPECT_EQ(rows(), (Rows{"b1", "b2"}));
  EXPECT_EQ(tables(), "a,b1,b2");
}

TEST_F(Diamond, DowngradeToTheOtherMergeParentAlsoKeepsBothRows) {  // §4.4
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"downgrade", "b2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-c,-m");
  EXPECT_EQ(rows(), (Rows{"b1", "b2"}));
}

TEST_F(Diamond, DowngradeFromTheMergeToTheRootRunsEverythingAbove) {  // §4.4
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"downgrade", "a"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-c,-m,-b1,-b2");
  EXPECT_EQ(rows(), (Rows{"a"}));
  EXPECT_EQ(tables(), "a");
}

TEST_F(Diamond, DowngradeBaseFromTheTopRunsInEmissionOrder) {  // §4.3
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"downgrade", "base"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-c,-m,-b1,-b2,-a");
  EXPECT_EQ(rows(), Rows{});
  EXPECT_TRUE(project->table_exists("public.alembic_version"));
  EXPECT_EQ(tables(), "");
}

TEST_F(Diamond, DowngradeTwoBranchesToTheRootRunsThemInLoadOrder) {  // §8 #12
  ASSERT_TRUE(given({"upgrade", "b1"}));
  ASSERT_TRUE(given({"upgrade", "b2"}));
  ASSERT_EQ(rows(), (Rows{"b1", "b2"}));
  auto result = retort({"downgrade", "a"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-b1,-b2");
  EXPECT_EQ(rows(), (Rows{"a"}));
  EXPECT_EQ(tables(), "a");
}

TEST_F(Diamond, UpgradeToASiblingInsertsASecondRow) {  // §3.1
  ASSERT_TRUE(given({"upgrade", "b1"}));
  auto result = retort({"upgrade", "b2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "b2");
  EXPECT_EQ(rows(), (Rows{"b1", "b2"}));
}

// As Alembic, the first row of the version table's unordered SELECT (§8 #13,
// §2.6), with the warning: b2, inserted first, although b1 comes first in
// load order.
TEST_F(Diamond, DowngradeMinusOneFromTwoHeadsWarnsAndPicksTheFirstRowReturned) {  // §8 #13
  ASSERT_TRUE(given({"upgrade", "b2"}));  // insert b2 first, so table order differs from load order
  ASSERT_TRUE(given({"upgrade", "b1"}));
  ASSERT_EQ(project->query("SELECT version_num FROM alembic_version"), (Rows{"b2", "b1"}));
  auto result = retort({"downgrade", "-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.err, "downgrade -1 from multiple heads is ambiguous")) << result.err;
  EXPECT_EQ(log(), "-b2");
  EXPECT_EQ(rows(), (Rows{"b1"}));
  EXPECT_EQ(tables(), "a,b1");
}

TEST_F(Diamond, UpgradeToTheMergeFromOneParentRunsTheOtherParentAndTheMerge) {  // §8 #14
  ASSERT_TRUE(given({"upgrade", "b2"}));
  auto result = retort({"upgrade", "m"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "b1,m");
  EXPECT_EQ(rows(), (Rows{"m"}));
  EXPECT_EQ(tables(), "a,b1,b2,m");
}

TEST_F(Diamond, RelativeUpgradeCountsStepsNotMigrations) {  // §8 #15
  ASSERT_TRUE(given({"upgrade", "b1"}));
  auto result = retort({"upgrade", "+2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The walk b1 -> m -> c is two steps, but it runs three migrations.
  EXPECT_EQ(log(), "b2,m,c");
  EXPECT_EQ(rows(), (Rows{"c"}));
}

TEST_F(Diamond, DowngradeMinusOneFromTheTopRunsOneStep) {  // §4.4
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"downgrade", "-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-c");
  EXPECT_EQ(rows(), (Rows{"m"}));
}

TEST_F(Diamond, RelativeDowngradeThroughTheMergeIsAnAmbiguousWalk) {  // §4.4
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"downgrade", "-2"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "Ambiguous walk")) << result.err;
  EXPECT_EQ(log(), "");
  EXPECT_EQ(rows(), (Rows{"c"}));
}

TEST_F(Diamond, StampToTheMergeMovesTheRowWithoutRunningAnything) {  // §8 #17
  ASSERT_TRUE(given({"upgrade", "b1"}));
  auto result = retort({"stamp", "m"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "");
  EXPECT_EQ(rows(), (Rows{"m"}));
  EXPECT_FALSE(has_table("b2"));  // b2 was never run, nor recorded
  EXPECT_FALSE(has_table("m"));
}

TEST_F(Diamond, CurrentListsBothBranchRowsInLoadOrder) {  // §7.7
  ASSERT_TRUE(given({"upgrade", "b2"}));
  ASSERT_TRUE(given({"upgrade", "b1"}));
  auto result = retort({"current"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "b1\nb2\n");
}

TEST_F(Diamond, CurrentAtTheMergeShowsTheMergepoint) {  // §7.7
  ASSERT_TRUE(given({"upgrade", "m"}));
  auto result = retort({"current"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "m (mergepoint)\n");
}

TEST_F(Diamond, HistoryIndicateCurrentMarksEveryRow) {  // §7.6
  ASSERT_TRUE(given({"upgrade", "b1"}));
  ASSERT_TRUE(given({"upgrade", "b2"}));
  auto result = retort({"history", "-i"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(lines_of(result.out),
            (Rows{"m -> c (left, right) (head), create c",
                  "b1, b2 -> m (left, right) (mergepoint), create m",
                  "a -> b1 (left) (current), create b1", "a -> b2 (right) (current), create b2",
                  "<base> -> a (branchpoint), create a"}));
}

TEST_F(Diamond, QuietUpgradePrintsNoProgress) {  // architecture §7 (-q)
  auto result = retort({"-q", "upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(contains(result.err, "Running upgrade")) << result.err;
  EXPECT_EQ(rows(), (Rows{"c"}));
}

TEST_F(Diamond, UnknownRowMakesCurrentFailNamingIt) {  // §8 #35
  insert_rows({"c", "zzzz"});
  auto result = retort({"current"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "zzzz")) << result.err;
  EXPECT_EQ(rows(), (Rows{"c", "zzzz"}));
}

}  // namespace
}  // namespace retort::testing
