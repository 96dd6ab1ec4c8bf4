// What a run against the scripted fake reports: a failing statement at its
// file position with the SQLSTATE kept apart from the message, what was
// committed in each transaction mode, a refused lock, a stop between steps,
// the deadline watchdog cancelling a statement, and the round trips sent.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "executor_fixtures.hpp"

namespace retort::testing {
namespace {

using Clock = std::chrono::steady_clock;

const char* const k_hint =
    "fix the migration and run the command again; committed steps do not run again";

Error expect_error(const std::optional<Error>& error) {
  if (!error) throw std::logic_error("the run was expected to fail");
  return *error;
}

TEST(ExecutorReports, FailingStatementInOneTransactionRollsEverythingBack) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.fail_when_contains("INSERT INTO t_c",
                            ScriptedFailure::server("22012", "division by zero", 8));
  const Error error = expect_error(upgrade_error(fake_config(false), graph, fake_options(server)));
  EXPECT_EQ(error.kind(), ErrorKind::migration);
  EXPECT_EQ(error.message(),
            "upgrade bbbb -> cccc failed: division by zero\n"
            "  committed before the failure: nothing; every change of this run was rolled back\n"
            "  version table now: no version table");
  EXPECT_EQ(error.sqlstate(), "22012");
  EXPECT_EQ(error.hint(), k_hint);
  // Line 2 of the section, which starts on line 4; the server's position 8
  // counts from the failing statement's start in what was sent.
  ASSERT_TRUE(error.location().has_value());
  EXPECT_EQ(error.location()->to_string(), "versions/cccc.sql:5:8");
  EXPECT_FALSE(server.committed().version_table);
}

TEST(ExecutorReports, FailingStatementPerMigrationKeepsTheStepsBefore) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  ScriptedFailure failure = ScriptedFailure::server("23505", "duplicate key value", 1);
  failure.detail = "Key (id)=(1) already exists.";
  server.fail_when_contains("INSERT INTO t_c", failure);
  const Error error = expect_error(upgrade_error(fake_config(true), graph, fake_options(server)));
  EXPECT_EQ(error.message(),
            "upgrade bbbb -> cccc failed: duplicate key value\n"
            "  DETAIL: Key (id)=(1) already exists.\n"
            "  committed before the failure: aaaa, bbbb (the rest was rolled back)\n"
            "  version table now: bbbb");
  EXPECT_EQ(error.location()->to_string(), "versions/cccc.sql:5:1");
  EXPECT_EQ(server.committed().version_rows, std::vector<std::string>{"bbbb"});
}

TEST(ExecutorReports, FailureInsideATransactionFalseSectionSaysWhatStays) {
  const auto graph = linear_graph(three_steps(false));
  ScriptedServer server;
  server.fail_when_contains("ix_b2", ScriptedFailure::server("42703", "column does not exist", 5));
  const Error error = expect_error(upgrade_error(fake_config(false), graph, fake_options(server)));
  EXPECT_EQ(error.message(),
            "upgrade aaaa -> bbbb failed: column does not exist\n"
            "  committed before the failure: aaaa\n"
            "  1 of 3 statement(s) of this transaction:false section ran and stay applied\n"
            "  recorded as partially applied: running the command again resumes at statement 2 "
            "(`retort check` shows it)\n"
            "  version table now: aaaa");
  // The second statement, sent alone, is line 5 of the file.
  EXPECT_EQ(error.location()->to_string(), "versions/bbbb.sql:5:5");
  const auto applied = server.committed().applied;
  EXPECT_NE(
      std::find(applied.begin(), applied.end(), "CREATE INDEX CONCURRENTLY ix_b1 ON t_a (id)"),
      applied.end());
}

TEST(ExecutorReports, LostConnectionLeavesTheVersionTableUnknown) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.fail_when_contains("CREATE TABLE t_c", ScriptedFailure::lost());
  const Error error = expect_error(upgrade_error(fake_config(true), graph, fake_options(server)));
  EXPECT_TRUE(contains(error.message(), "the connection to the server was lost"))
      << error.message();
  EXPECT_TRUE(contains(error.message(), "committed before the failure: aaaa, bbbb"));
  EXPECT_TRUE(contains(error.message(), "version table now: unknown: the connection was lost"));
  EXPECT_EQ(server.committed().version_rows, std::vector<std::string>{"bbbb"});
}

TEST(ExecutorReports, EachTransactionalStepIsOneRoundTrip) {
  const auto steps = three_steps(true);
  const auto graph = linear_graph(steps);
  ScriptedServer server;
  RunResult result;
  ASSERT_FALSE(upgrade_error(fake_config(false), graph, fake_options(server), &result));
  // rows, lock, rows again, timeouts, three steps, COMMIT, rows after, unlock.
  const auto queries = server.queries();
  ASSERT_EQ(queries.size(), 10u) << join(queries, "\n----\n");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    for (const auto& statement : steps[i].statements) {
      EXPECT_TRUE(contains(queries[4 + i], statement)) << queries[4 + i];
    }
    EXPECT_TRUE(contains(queries[4 + i], "INSERT INTO \"public\".\"retort_history\""));
  }
  EXPECT_EQ(queries[7], "COMMIT;\n");
  EXPECT_EQ(result.applied.size(), 3u);
  EXPECT_EQ(result.rows_after, std::vector<std::string>{"cccc"});
  EXPECT_EQ(server.committed().history.size(), 3u);
  EXPECT_EQ(server.connections_open(), 0);
}

TEST(ExecutorReports, UpToDateDatabaseTakesNoLock) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.seed_rows({"cccc"});
  RunResult result;
  ASSERT_FALSE(upgrade_error(fake_config(false), graph, fake_options(server), &result));
  EXPECT_TRUE(result.up_to_date);
  for (const auto& statement : server.statements()) {
    EXPECT_FALSE(contains(statement, "advisory")) << statement;
  }
}

TEST(ExecutorReports, LockHeldElsewhereTimesOutNamingTheHolder) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.hold_lock_elsewhere(true);
  const Error error = expect_error(upgrade_error(fake_config(false), graph, fake_options(server)));
  EXPECT_EQ(error.kind(), ErrorKind::lock_timeout);
  EXPECT_TRUE(contains(error.message(), "pid 4242 (other-deploy")) << error.message();
  EXPECT_TRUE(server.committed().applied.empty());
  EXPECT_FALSE(server.committed().version_table);
}

TEST(ExecutorReports, StopBetweenStepsReportsTheStepNotRun) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  RunOptions options = fake_options(server);
  int calls = 0;
  options.should_stop = [&calls] { return ++calls >= 2; };  // before the second step
  const Error error = expect_error(upgrade_error(fake_config(true), graph, options));
  EXPECT_EQ(error.kind(), ErrorKind::migration);
  EXPECT_EQ(error.message(),
            "stopped before `Running upgrade aaaa -> bbbb`: the time limit is near\n"
            "  committed before the failure: nothing; every change of this run was rolled back\n"
            "  version table now: no version table");
  EXPECT_TRUE(contains(error.hint(), "more time"));
}

class DeadlineWatchdog : public ::testing::TestWithParam<bool> {};

TEST_P(DeadlineWatchdog, CancelsTheRunningStatementAtTheDeadline) {
  const bool per_migration = GetParam();
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.fail_when_contains("CREATE TABLE t_c", ScriptedFailure::blocking());
  RunOptions options = fake_options(server);
  const auto started = Clock::now();
  options.deadline = started + std::chrono::milliseconds(300);
  const Error error = expect_error(upgrade_error(fake_config(per_migration), graph, options));
  const auto waited = Clock::now() - started;
  EXPECT_EQ(error.kind(), ErrorKind::deadline);
  EXPECT_GE(waited, std::chrono::milliseconds(300));
  EXPECT_LT(waited, std::chrono::seconds(5));
  EXPECT_EQ(error.sqlstate(), "57014");
  EXPECT_TRUE(contains(error.message(), "stopped before the invocation's deadline"))
      << error.message();
  EXPECT_TRUE(contains(error.message(), "canceling statement due to user request"));
  const std::vector<std::string> kept =
      per_migration ? std::vector<std::string>{"bbbb"} : std::vector<std::string>{};
  EXPECT_EQ(server.committed().version_rows, kept);
  EXPECT_TRUE(contains(error.message(),
                       "version table now: " +
                           (per_migration ? std::string("bbbb") : std::string("no version table"))))
      << error.message();
}

INSTANTIATE_TEST_SUITE_P(BothModes, DeadlineWatchdog, ::testing::Bool(), [](const auto& row) {
  return row.param ? "PerMigration" : "OneTransaction";
});

}  // namespace
}  // namespace retort::testing
