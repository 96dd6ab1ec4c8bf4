// A transaction:false section interrupted part-way on PostgreSQL: a failed
// unique index build that leaves an INVALID index, a run killed with
// SIGKILL inside a statement, a section edited since, and `resolve`. The
// database records the state, check reports it, the rerun resumes.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <thread>

#include "support/background_process.hpp"
#include "support/project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::string>;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class PartialSectionPg : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_PG(pg);
    project = std::make_unique<MigrationProject>(pg->create_database());
    MigrationSpec table;
    table.id = "aaaa";
    table.upgrade_sql = "CREATE TABLE t_dup (v int); INSERT INTO t_dup VALUES (1), (1), (2);";
    table.downgrade_sql = "DROP TABLE t_dup;";
    project->add(table);
  }

  // bbbb: three index builds; the second one is unique.
  void add_index_section(const std::string& second =
                             "CREATE UNIQUE INDEX CONCURRENTLY ux_v ON "
                             "t_dup (v)") {
    MigrationSpec index;
    index.id = "bbbb";
    index.parents = {"aaaa"};
    index.upgrade_transactional = false;
    index.upgrade_sql = "CREATE INDEX CONCURRENTLY ix_v ON t_dup (v);\n" + second +
                        ";\nCREATE INDEX CONCURRENTLY ix_w ON t_dup ((v + 1));";
    index.downgrade_sql = "DROP INDEX ix_v; DROP INDEX ux_v; DROP INDEX ix_w;";
    project->add(index);
    project->add(table_revision("cccc", {"bbbb"}));
  }

  std::string index_state(const std::string& name) const {
    auto rows = project->query(fmt::format(
        "SELECT CASE WHEN i.indisvalid THEN 'valid' ELSE 'INVALID' END FROM pg_index i JOIN "
        "pg_class c ON c.oid = i.indexrelid WHERE c.relname = '{}'",
        name));
    return rows.empty() ? "missing" : rows[0];
  }

  std::unique_ptr<MigrationProject> project;
};

TEST_F(PartialSectionPg, FailedUniqueBuildIsPartialAndTheRerunRebuildsTheInvalidIndex) {
  add_index_section();
  auto failed = project->retort({"upgrade", "head"});
  ASSERT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_TRUE(contains(failed.err, "1 of 3 statement(s) of this transaction:false section ran"))
      << failed.err;
  EXPECT_TRUE(contains(failed.err,
                       "recorded as partially applied: running the command again "
                       "resumes at statement 2"))
      << failed.err;
  EXPECT_FALSE(contains(failed.err, "every change of this run was rolled back"));
  EXPECT_EQ(index_state("ux_v"), "INVALID");
  EXPECT_EQ(project->rows(), Rows{"aaaa"});

  auto check = project->retort({"check"});
  EXPECT_EQ(check.exit_code, 3) << check.err;
  EXPECT_TRUE(contains(check.err,
                       "partially applied: bbbb upgrade, statement 1 of 3 done, "
                       "started "))
      << check.err;
  auto check_json = project->retort({"check", "--format", "json"});
  EXPECT_EQ(check_json.exit_code, 3);
  auto doc = nlohmann::json::parse(check_json.out);
  EXPECT_EQ(doc["status"], "partial");
  EXPECT_EQ(doc["partial"]["revision"], "bbbb");
  EXPECT_EQ(doc["partial"]["statements_done"], 1);
  EXPECT_EQ(doc["partial"]["statements_total"], 3);
  EXPECT_TRUE(contains(doc["partial"]["started_by"].get<std::string>(), " pid "));
  auto current = project->retort({"current"});
  EXPECT_EQ(current.exit_code, 0) << current.err;
  EXPECT_TRUE(contains(current.out, "partially applied: bbbb upgrade, statement 1 of 3 done"))
      << current.out;

  // The data is fixed; the rerun drops the INVALID index, builds it and the
  // rest, and does not build ix_v again (that would fail: it exists).
  project->query("DELETE FROM t_dup WHERE ctid = (SELECT max(ctid) FROM t_dup WHERE v = 1)");
  auto rerun = project->retort({"upgrade", "head"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_TRUE(contains(rerun.err, "Resuming upgrade aaaa -> bbbb at statement 2 of 3"))
      << rerun.err;
  EXPECT_TRUE(contains(rerun.err, "dropped the INVALID index public.ux_v")) << rerun.err;
  EXPECT_EQ(index_state("ux_v"), "valid");
  EXPECT_EQ(index_state("ix_w"), "valid");
  EXPECT_EQ(project->rows(), Rows{"cccc"});
  EXPECT_EQ(project->query("SELECT count(*) FROM retort_progress"), Rows{"0"});
  EXPECT_EQ(project->retort({"check"}).exit_code, 0);
}

TEST_F(PartialSectionPg, KilledInsideAStatementTheRerunResumesThere) {
  // The second statement sleeps while the marker table exists.
  project->query("CREATE TABLE sleep_marker ()");
  add_index_section("SELECT pg_sleep(60) FROM pg_tables WHERE tablename = 'sleep_marker'");
  BackgroundProcess run(
      {RETORT_BINARY, "-c", project->config_path(), "--url", project->url(), "upgrade", "head"});
  const std::string sleeping =
      "SELECT pid FROM pg_stat_activity WHERE application_name = 'retort' AND query LIKE "
      "'SELECT pg_sleep(60)%'";
  Rows pids;
  for (int i = 0; i < 200 && pids.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    pids = project->query(sleeping);
  }
  ASSERT_EQ(pids.size(), 1u) << run.err();
  EXPECT_EQ(run.stop(SIGKILL, std::chrono::seconds(5)), 128 + SIGKILL);
  // The server notices the dead client only when it next writes: end the
  // orphaned backend as an operator would (it holds the migration lock).
  project->query("DROP TABLE sleep_marker");
  project->query(fmt::format("SELECT pg_terminate_backend({})", pids[0]));

  auto check = project->retort({"check"});
  EXPECT_EQ(check.exit_code, 3) << check.err;
  EXPECT_TRUE(contains(check.err, "partially applied: bbbb upgrade, statement 1 of 3 done"))
      << check.err;
  // The unique index does not fail on this data; the rerun runs statements 2 and 3 only.
  auto rerun = project->retort({"upgrade", "head"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_TRUE(contains(rerun.err, "at statement 2 of 3")) << rerun.err;
  EXPECT_EQ(index_state("ix_v"), "valid");
  EXPECT_EQ(index_state("ix_w"), "valid");
  EXPECT_EQ(project->rows(), Rows{"cccc"});
}

TEST_F(PartialSectionPg, AnEditedSectionIsRefusedAndResolveSettlesIt) {
  add_index_section();
  ASSERT_EQ(project->retort({"upgrade", "head"}).exit_code, 1);
  // Someone edits the statement that already ran.
  std::filesystem::remove(project->migrations_dir() + "/002_bbbb.sql");
  std::filesystem::remove(project->migrations_dir() + "/003_cccc.sql");
  MigrationSpec edited;
  edited.id = "bbbb";
  edited.parents = {"aaaa"};
  edited.upgrade_transactional = false;
  edited.upgrade_sql = "CREATE INDEX CONCURRENTLY ix_v ON t_dup (v DESC);\nSELECT 1;";
  project->add(edited);
  auto refused = project->retort({"upgrade", "head"});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_TRUE(contains(refused.err, "the 1 statement(s) that ran have changed")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "retort resolve bbbb --applied")) << refused.err;

  auto no_flag = project->retort({"resolve", "bbbb"});
  EXPECT_EQ(no_flag.exit_code, 2) << no_flag.err;
  auto wrong = project->retort({"resolve", "aaaa", "--applied"});
  EXPECT_EQ(wrong.exit_code, 2) << wrong.err;
  EXPECT_TRUE(contains(wrong.err, "the database records partially applied: bbbb")) << wrong.err;

  // The operator drops what the first statement built and says so.
  project->query("DROP INDEX ix_v");
  project->query("DROP INDEX IF EXISTS ux_v");
  auto resolved = project->retort({"resolve", "bbbb", "--not-applied"});
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  EXPECT_TRUE(contains(resolved.out, "Resolved bbbb upgrade as not applied")) << resolved.out;
  EXPECT_EQ(project->query("SELECT direction FROM retort_history WHERE revision = 'bbbb'"),
            Rows{"resolve not-applied"});
  auto check = project->retort({"check"});
  EXPECT_EQ(check.exit_code, 3);
  EXPECT_TRUE(contains(check.err, "behind: 1 pending revision(s): bbbb")) << check.err;
  ASSERT_EQ(project->retort({"upgrade", "head"}).exit_code, 0);
  EXPECT_EQ(project->rows(), Rows{"bbbb"});
}

TEST_F(PartialSectionPg, ResolveAppliedRecordsTheStep) {
  add_index_section();
  ASSERT_EQ(project->retort({"upgrade", "head"}).exit_code, 1);
  // Repaired by hand: the unique index replaced by a plain one, the third built.
  project->query("DROP INDEX ux_v");
  project->query("CREATE INDEX ux_v ON t_dup (v)");
  project->query("CREATE INDEX ix_w ON t_dup ((v + 1))");
  auto resolved = project->retort({"resolve", "bbbb", "--applied", "--format", "json"});
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  auto doc = nlohmann::json::parse(resolved.out);
  EXPECT_EQ(doc["resolved_as"], "applied");
  EXPECT_EQ(doc["to"], nlohmann::json::array({"bbbb"}));
  EXPECT_EQ(project->rows(), Rows{"bbbb"});
  ASSERT_EQ(project->retort({"upgrade", "head"}).exit_code, 0);
  EXPECT_EQ(project->rows(), Rows{"cccc"});
}

TEST_F(PartialSectionPg, ADatabaseWithStandardConformingStringsOffIsRefusedBeforeSplitting) {
  add_index_section();
  const std::string database = project->query("SELECT current_database()")[0];
  project->query(fmt::format("ALTER DATABASE {} SET standard_conforming_strings = off", database));
  auto refused = project->retort({"upgrade", "head"});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_TRUE(contains(refused.err,
                       "standard_conforming_strings is off on this server, so "
                       "revision bbbb's transaction:false section cannot be split"))
      << refused.err;
  EXPECT_TRUE(contains(refused.err, "002_bbbb.sql:")) << refused.err;
  EXPECT_FALSE(project->table_exists("public.t_dup"));
  // A project without such a section is not affected.
  auto first = project->retort({"upgrade", "aaaa"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
}

TEST_F(PartialSectionPg, TheOfflineScriptRecordsProgressAndRunsUnderPsql) {
  add_index_section();
  auto script = project->retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  EXPECT_TRUE(contains(script.out, "INSERT INTO \"public\".\"retort_progress\"")) << script.out;
  EXPECT_TRUE(
      contains(script.out, "UPDATE \"public\".\"retort_progress\" SET statements_done = 3"));
  // Distinct values: the unique index builds.
  auto fixed = script.out;
  auto at = fixed.find("(1), (1), (2)");
  ASSERT_NE(at, std::string::npos);
  fixed.replace(at, 13, "(1), (3), (2)");
  ProcessOptions stdin_script;
  stdin_script.stdin_text = fixed;
  auto psql =
      run_process({"psql", "-v", "ON_ERROR_STOP=1", "-q", "-d", project->url()}, stdin_script);
  ASSERT_EQ(psql.exit_code, 0) << psql.err;
  EXPECT_EQ(project->rows(), Rows{"cccc"});
  EXPECT_EQ(project->query("SELECT count(*) FROM retort_progress"), Rows{"0"});
  EXPECT_EQ(project->retort({"check"}).exit_code, 0);
}

}  // namespace
}  // namespace retort::testing
