// Lint against a real PostgreSQL: `upgrade` checks the steps it is about to
// run before the first one (lint: error|warn|off), objects created by earlier
// steps of the run are new, pg_class estimates grade findings, and
// `retort lint --url` reports the server's version and the estimates.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::string>;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class LintApply : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_PG(pg);
    server = pg;
    url = pg->create_database();
  }
  PgServer* server = nullptr;
  std::string url;
};

MigrationSpec sql_revision(const std::string& id, std::vector<std::string> parents,
                           std::string upgrade, bool transactional = true) {
  MigrationSpec spec;
  spec.id = id;
  spec.parents = std::move(parents);
  spec.upgrade_sql = std::move(upgrade);
  spec.upgrade_transactional = transactional;
  return spec;
}

TEST_F(LintApply, ConcurrentlyInATransactionIsRefusedBeforeTheFirstStep) {
  MigrationProject project(url);
  project.add(table_revision("aaaa"));
  project.add(sql_revision("bbbb", {"aaaa"}, "CREATE INDEX CONCURRENTLY ix_b ON t_aaaa (id);"));
  auto result = project.retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_TRUE(contains(result.err, "lint refused the run: 1 error")) << result.err;
  EXPECT_TRUE(contains(result.err, "002_bbbb.sql:")) << result.err;
  EXPECT_TRUE(contains(result.err, "RT102")) << result.err;
  EXPECT_TRUE(contains(result.err, "CREATE INDEX CONCURRENTLY ix_b"))
      << "source line: " << result.err;
  // Nothing ran: not even the first step, whose table would otherwise exist.
  EXPECT_EQ(project.rows(), Rows{});
  EXPECT_FALSE(project.table_exists("public.t_aaaa"));
}

TEST_F(LintApply, WarnReportsAndRunsUntilTheServerRefuses) {
  MigrationProject project(url, "lint: warn\n");
  project.add(table_revision("aaaa"));
  project.add(sql_revision("bbbb", {"aaaa"}, "CREATE INDEX CONCURRENTLY ix_b ON t_aaaa (id);"));
  auto result = project.retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 1) << result.err;  // the server's "cannot run inside a transaction"
  EXPECT_TRUE(contains(result.err, "RT102 error")) << result.err;
  EXPECT_TRUE(contains(result.err, "25001")) << result.err;
  auto off = MigrationProject(server->create_database(), "lint: off\n");
  off.add(
      sql_revision("aaaa", {}, "CREATE TABLE t (id int); CREATE INDEX CONCURRENTLY i ON t (id);"));
  result = off.retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_FALSE(contains(result.err, "RT102")) << result.err;
}

TEST_F(LintApply, SyntaxErrorIsRefusedWithItsCaretBeforeAnythingRuns) {
  MigrationProject project(url);
  project.add(table_revision("aaaa"));
  project.add(sql_revision("bbbb", {"aaaa"}, "ALTER TABLE t_aaaa ADD COLUMN note text NOT NUL;"));
  auto result = project.retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_TRUE(contains(result.err, "RT001")) << result.err;
  EXPECT_TRUE(contains(result.err, "ALTER TABLE t_aaaa ADD COLUMN note text NOT NUL;"))
      << result.err;
  EXPECT_TRUE(contains(result.err, "^")) << result.err;
  EXPECT_EQ(project.rows(), Rows{});
}

TEST_F(LintApply, ObjectsCreatedByEarlierStepsOfTheRunAreNew) {
  MigrationProject project(url, "lock_timeout_s: 2\n");
  project.add(table_revision("aaaa"));
  project.add(sql_revision("bbbb", {"aaaa"},
                           "CREATE INDEX ix_b ON t_aaaa (id);\n"
                           "ALTER TABLE t_aaaa ADD CONSTRAINT pos CHECK (id > 0);"));
  auto result = project.retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(contains(result.err, "RT1")) << "t_aaaa is new in this run: " << result.err;
  EXPECT_EQ(project.rows(), Rows{"bbbb"});
}

TEST_F(LintApply, AnExistingSmallTableIsANoteAndTheRunGoesOn) {
  MigrationProject project(url, "lock_timeout_s: 2\n");
  project.add(table_revision("aaaa"));
  ASSERT_EQ(project.retort({"upgrade", "head"}).exit_code, 0);
  project.add(sql_revision("bbbb", {"aaaa"}, "CREATE INDEX ix_b ON t_aaaa (id);"));
  auto result = project.retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.err, "RT101 info")) << result.err;
  EXPECT_TRUE(contains(result.err, "(pg_class estimate)")) << result.err;
  EXPECT_EQ(project.rows(), Rows{"bbbb"});
}

TEST_F(LintApply, ABigTableMakesALockFindingAnErrorThatRefusesTheRun) {
  MigrationProject project(url, "lock_timeout_s: 2\n");
  project.add(sql_revision("aaaa", {},
                           "CREATE TABLE big (id int);\n"
                           "INSERT INTO big SELECT generate_series(1, 1200000);"));
  ASSERT_EQ(project.retort({"upgrade", "head"}).exit_code, 0);
  project.query("ANALYZE big");
  project.add(sql_revision("bbbb", {"aaaa"}, "CREATE INDEX big_id ON big (id);"));
  auto result = project.retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_TRUE(contains(result.err, "RT101")) << result.err;
  EXPECT_TRUE(contains(result.err, " rows, ")) << "the estimate: " << result.err;
  EXPECT_EQ(project.rows(), Rows{"aaaa"});
  // `retort lint --url` (the project passes --url) checks the pending step live.
  auto lint = project.retort({"lint", "--format", "json"});
  ASSERT_EQ(lint.exit_code, 3) << lint.err << lint.out;
  auto document = nlohmann::json::parse(lint.out);
  EXPECT_EQ(document["mode"], "live");
  EXPECT_GE(document["server_version"].get<int>(), 110000);
  bool estimated = false;
  for (const auto& finding : document["findings"]) {
    if (finding["code"] == "RT101" && finding["relation"] == "big") {
      estimated = finding["estimated_rows"].get<double>() >= 900000;
      EXPECT_EQ(finding["severity"], "error");
    }
  }
  EXPECT_TRUE(estimated) << lint.out;
}

}  // namespace
}  // namespace retort::testing
