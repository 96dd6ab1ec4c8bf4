// Execution behaviour beyond the graph scenarios: transaction:false sections,
// concurrent runs and the lock, connection failures, a server that stops.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "postgres/connection.hpp"
#include "support/project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::string>;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class Execution : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_PG(pg);
    server = pg;
    url = server->create_database();
    project = std::make_unique<MigrationProject>(url);
  }
  PgServer* server = nullptr;
  std::string url;
  std::unique_ptr<MigrationProject> project;
};

TEST_F(Execution, TransactionFalseSectionBuildsAnIndexConcurrently) {
  project->add(table_revision("aaaa"));
  MigrationSpec index = table_revision("bbbb", {"aaaa"});
  index.upgrade_transactional = false;
  index.upgrade_sql =
      "CREATE INDEX CONCURRENTLY ix_a ON t_aaaa (id);\n"
      "CREATE INDEX CONCURRENTLY ix_b ON t_aaaa ((id + 1));";
  index.downgrade_sql = "DROP INDEX ix_a; DROP INDEX ix_b;";
  project->add(index);
  project->add(table_revision("cccc", {"bbbb"}));
  auto result = project->retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(project->rows(), (Rows{"cccc"}));
  EXPECT_EQ(project->query("SELECT count(*) FROM pg_indexes WHERE indexname IN ('ix_a', 'ix_b')"),
            (Rows{"2"}));
  EXPECT_TRUE(project->table_exists("public.t_cccc"));
  ASSERT_EQ(project->retort({"downgrade", "aaaa"}).exit_code, 0);
  EXPECT_EQ(project->query("SELECT count(*) FROM pg_indexes WHERE indexname IN ('ix_a', 'ix_b')"),
            (Rows{"0"}));
}

TEST_F(Execution, FailureInsideTransactionFalseSectionReportsWhatStays) {
  project->add(table_revision("aaaa"));
  MigrationSpec index = table_revision("bbbb", {"aaaa"});
  index.upgrade_transactional = false;
  index.upgrade_sql =
      "CREATE INDEX CONCURRENTLY ix_ok ON t_aaaa (id);\n"
      "CREATE INDEX CONCURRENTLY ix_bad ON t_aaaa (no_such_column);";
  project->add(index);
  auto result = project->retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  // aaaa was committed before the autocommit section; its row stays.
  EXPECT_EQ(project->rows(), (Rows{"aaaa"}));
  EXPECT_EQ(project->query("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_ok'"),
            (Rows{"1"}));
  // Line 7 of 002_bbbb.sql: the failing statement (the server gives no column here).
  EXPECT_TRUE(contains(result.err, "002_bbbb.sql:7:")) << result.err;
  EXPECT_TRUE(contains(result.err, "1 of 2 statement(s) of this transaction:false section ran"))
      << result.err;
  EXPECT_TRUE(contains(result.err, "committed before the failure: aaaa")) << result.err;
}

TEST_F(Execution, TwoConcurrentUpgradesApplyEachRevisionOnce) {
  MigrationSpec slow = table_revision("aaaa");
  slow.upgrade_sql = "CREATE TABLE t_aaaa (id int); SELECT pg_sleep(1);";
  project->add(slow);
  project->add(table_revision("bbbb", {"aaaa"}));
  auto first = std::async(std::launch::async, [&] { return project->retort({"upgrade", "head"}); });
  auto second = std::async(std::launch::async, [&] {
    return project->retort({"upgrade", "head"});
  });
  auto a = first.get();
  auto b = second.get();
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(project->rows(), (Rows{"bbbb"}));
  EXPECT_EQ(project->query("SELECT string_agg(revision, ',' ORDER BY id) FROM retort_history"),
            (Rows{"aaaa,bbbb"}));
}

TEST_F(Execution, LockHeldByAnotherSessionTimesOutWithExitCode4) {
  project->add(table_revision("aaaa"));
  auto holder = postgres::Connection::open(
      postgres::ConnectOptions{.conninfo = url, .application_name = "other-deploy"});
  holder.query(
      "SELECT pg_advisory_lock(hashtextextended('retort:' || current_database() || ':' || "
      "'public' || ':' || 'alembic_version', 0))");
  auto result = project->retort({"upgrade", "head", "--lock-wait", "1"});
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_TRUE(contains(result.err, fmt::format("pid {}", holder.server_pid()))) << result.err;
  EXPECT_TRUE(contains(result.err, "other-deploy")) << result.err;
  EXPECT_FALSE(project->table_exists("public.t_aaaa"));
}

TEST_F(Execution, WrongPasswordFailsWithoutShowingIt) {
  project->add(table_revision("aaaa"));
  std::string database = url.substr(url.rfind('/') + 1);
  database = database.substr(0, database.find('?'));
  auto result = run_retort({"-c", project->config_path(), "--url",
                            server->tcp_url(database, "Sup3rSecretPw"), "upgrade", "head"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "password authentication failed")) << result.err;
  EXPECT_FALSE(contains(result.err + result.out, "Sup3rSecretPw"));
}

TEST_F(Execution, UnreachableServerFailsAfterWaiting) {
  project->add(table_revision("aaaa"));
  auto started = std::chrono::steady_clock::now();
  auto result =
      run_retort({"-c", project->config_path(), "--url",
                  "postgresql://nobody:pw@127.0.0.1:1/nothing", "--wait=1", "upgrade", "head"});
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "cannot connect")) << result.err;
  EXPECT_FALSE(contains(result.err, ":pw@"));
  EXPECT_GE(seconds, 0.9);  // it did retry for the --wait period
}

TEST_F(Execution, ServerStoppedMidRunIsReportedAsAFailure) {
  // A private server, so stopping it does not disturb other tests.
  std::string dir = fmt::format("/tmp/retort-stop-{}", ::getpid());
  auto started =
      run_process({std::string(RETORT_SOURCE_DIR) + "/scripts/pg-scratch", "start", dir});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  std::string private_url = started.out.substr(0, started.out.find('\n'));
  MigrationProject doomed(private_url);
  doomed.add(table_revision("aaaa"));
  MigrationSpec slow = table_revision("bbbb", {"aaaa"});
  slow.upgrade_sql = "SELECT pg_sleep(20);";
  doomed.add(slow);
  auto run = std::async(std::launch::async, [&] { return doomed.retort({"upgrade", "head"}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  run_process({std::string(RETORT_SOURCE_DIR) + "/scripts/pg-scratch", "stop", dir});
  auto result = run.get();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "bbbb")) << result.err;
  EXPECT_TRUE(contains(result.err, "version table now: unknown")) << result.err;
}

TEST_F(Execution, StatementTimeoutStopsALongMigration) {
  MigrationSpec slow = table_revision("aaaa");
  slow.upgrade_sql = "SELECT pg_sleep(5);";
  project->add(slow);
  auto result = project->retort({"upgrade", "head", "--statement-timeout", "0.5"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "57014")) << result.err;  // query_canceled
  EXPECT_FALSE(project->table_exists("public.alembic_version"));
}

TEST_F(Execution, HistoryCanBeDisabled) {
  MigrationProject quiet(url, "history_table: false\n");
  quiet.add(table_revision("aaaa"));
  ASSERT_EQ(quiet.retort({"upgrade", "head"}).exit_code, 0);
  EXPECT_EQ(quiet.rows(), (Rows{"aaaa"}));
  EXPECT_FALSE(quiet.table_exists("public.retort_history"));
}

TEST_F(Execution, JsonSummaryListsAppliedSteps) {
  project->add(table_revision("aaaa"));
  project->add(table_revision("bbbb", {"aaaa"}));
  auto result = project->retort({"--format", "json", "upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "\"applied\"")) << result.out;
  EXPECT_TRUE(contains(result.out, "\"to\": [\n    \"bbbb\"\n  ]")) << result.out;
}

}  // namespace
}  // namespace retort::testing
