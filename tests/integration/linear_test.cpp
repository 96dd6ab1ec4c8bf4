// docs/alembic-semantics.md §8 scenarios on the linear graph L3 (A <- B <- C),
// run through the CLI binary against a real PostgreSQL.
#include <gtest/gtest.h>

#include "support/project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::string>;

class LinearGraph : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_PG(server);
    project = std::make_unique<MigrationProject>(server->create_database());
    project->add(table_revision("aaaa"));
    project->add(table_revision("bbbb", {"aaaa"}));
    project->add(table_revision("cccc", {"bbbb"}));
  }
  bool has_table(const std::string& name) { return project->table_exists("public." + name); }
  std::unique_ptr<MigrationProject> project;
};

TEST_F(LinearGraph, UpgradeHeadFromNoTableRunsAllAndLeavesOneRow) {  // §8 #1
  auto result = project->retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(project->rows(), (Rows{"cccc"}));
  EXPECT_TRUE(has_table("t_aaaa") && has_table("t_bbbb") && has_table("t_cccc"));
  EXPECT_NE(result.err.find("Running upgrade  -> aaaa, create aaaa"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("Running upgrade bbbb -> cccc, create cccc"), std::string::npos);
  // One history row per step, with a checksum and duration.
  auto history = project->query(
      "SELECT revision || ':' || direction || ':' || (checksum LIKE 'sha256:%') || ':' || "
      "(duration_ms >= 0) FROM retort_history ORDER BY id");
  EXPECT_EQ(history,
            (Rows{"aaaa:upgrade:true:true", "bbbb:upgrade:true:true", "cccc:upgrade:true:true"}));
}

TEST_F(LinearGraph, DowngradeMinusOneRunsTheTopRevision) {  // §8 #2
  ASSERT_EQ(project->retort({"upgrade", "head"}).exit_code, 0);
  auto result = project->retort({"downgrade", "-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(project->rows(), (Rows{"bbbb"}));
  EXPECT_FALSE(has_table("t_cccc"));
  EXPECT_TRUE(has_table("t_bbbb"));
}

TEST_F(LinearGraph, DowngradeBaseEmptiesButKeepsTheTable) {  // §8 #3
  ASSERT_EQ(project->retort({"upgrade", "bbbb"}).exit_code, 0);
  auto result = project->retort({"downgrade", "base"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(project->table_exists("public.alembic_version"));
  EXPECT_EQ(project->rows(), Rows{});
  EXPECT_FALSE(has_table("t_aaaa"));
}

TEST_F(LinearGraph, UpgradeToAnOlderRevisionIsASilentNoOp) {  // §8 #4
  ASSERT_EQ(project->retort({"upgrade", "head"}).exit_code, 0);
  auto result = project->retort({"upgrade", "aaaa"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(project->rows(), (Rows{"cccc"}));
}

TEST_F(LinearGraph, DowngradeToTheCurrentRevisionIsANoOp) {  // §8 #5
  ASSERT_EQ(project->retort({"upgrade", "head"}).exit_code, 0);
  auto result = project->retort({"downgrade", "cccc"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(project->rows(), (Rows{"cccc"}));
}

TEST_F(LinearGraph, DowngradeMinusOneOnAnEmptyDatabaseFails) {  // §8 #6
  auto result = project->retort({"downgrade", "-1"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("Relative revision -1 didn't produce 1 migrations"), std::string::npos)
      << result.err;
}

TEST_F(LinearGraph, OverwalkingUpwardIsAnErrorNotACrash) {  // §8 #7
  ASSERT_EQ(project->retort({"upgrade", "aaaa"}).exit_code, 0);
  auto result = project->retort({"upgrade", "aaaa+9"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(project->rows(), (Rows{"aaaa"}));
}

TEST_F(LinearGraph, BasePlusTwoRunsTheFirstTwo) {  // §8 #9
  auto result = project->retort({"upgrade", "base+2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(project->rows(), (Rows{"bbbb"}));
}

TEST_F(LinearGraph, FailureInDefaultModeRollsBackEverything) {  // §8 #38
  MigrationSpec failing = table_revision("dddd", {"cccc"});
  failing.upgrade_sql = "CREATE TABLE t_dddd (id int);\nSELECT * FROM missing_table;";
  project->add(failing);
  auto result = project->retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_FALSE(project->table_exists("public.alembic_version"));
  EXPECT_FALSE(has_table("t_aaaa"));
  // file:line:col of the failing statement: line 7 ("SELECT * FROM missing_table;"), column 15.
  EXPECT_NE(result.err.find("004_dddd.sql:7:15"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("42P01"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("committed before the failure: nothing"), std::string::npos)
      << result.err;
}

TEST_F(LinearGraph, FailureWithTransactionPerMigrationKeepsEarlierSteps) {  // §8 #38
  MigrationProject per_step(project->url(), "transaction_per_migration: true\n");
  per_step.add(table_revision("aaaa"));
  per_step.add(table_revision("bbbb", {"aaaa"}));
  MigrationSpec failing = table_revision("cccc", {"bbbb"});
  failing.upgrade_sql = "SELECT 1/0;";
  per_step.add(failing);
  auto result = per_step.retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(per_step.rows(), (Rows{"bbbb"}));
  EXPECT_NE(result.err.find("committed before the failure: aaaa, bbbb"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("version table now: bbbb"), std::string::npos) << result.err;
}

TEST_F(LinearGraph, UpToDateRunTakesNoLockAndSaysSo) {
  ASSERT_EQ(project->retort({"upgrade", "head"}).exit_code, 0);
  auto result = project->retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(project->query("SELECT count(*) FROM retort_history"), (Rows{"3"}));
}

}  // namespace
}  // namespace retort::testing
