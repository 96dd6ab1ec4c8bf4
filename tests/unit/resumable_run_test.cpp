// Resumable upgrades against the scripted fake (RunOptions::resumable,
// docs/architecture.md §5.8): a stop commits the steps before it and says
// what remains, a first step that cannot fit fails before anything runs, a
// step the deadline interrupts after others committed ends the run in order,
// and without a deadline nothing changes.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "executor_fixtures.hpp"

namespace retort::testing {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

RunOptions resumable_options(ScriptedServer& server, Clock::duration time_left,
                             ResumableSettings settings = {}) {
  RunOptions options = fake_options(server);
  options.deadline = Clock::now() + time_left;
  options.resumable = settings;
  return options;
}

ScriptedState::HistoryRow upgraded(const std::string& revision, double duration_ms) {
  return ScriptedState::HistoryRow{revision, "upgrade", "sha256:00", duration_ms};
}

bool ran(const ScriptedServer& server, const std::string& part) {
  for (const auto& statement : server.statements()) {
    if (contains(statement, part)) return true;
  }
  return false;
}

TEST(ResumableRun, StopsBeforeAStepThatDoesNotFitAndKeepsTheStepsBefore) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.seed_history({upgraded("bbbb", 20000)});
  RunResult result;
  const auto error =
      upgrade_error(fake_config(false), graph, resumable_options(server, seconds(10)), &result);
  ASSERT_FALSE(error) << error->what();
  EXPECT_TRUE(result.resumable);
  ASSERT_TRUE(result.stopped.has_value());
  EXPECT_EQ(result.stopped->remaining_steps, 2u);
  EXPECT_EQ(result.stopped->next_revision, "bbbb");
  EXPECT_TRUE(contains(result.stopped->reason, "stopped before `upgrade aaaa -> bbbb`"))
      << result.stopped->reason;
  EXPECT_TRUE(contains(result.stopped->reason, "20.0 s")) << result.stopped->reason;
  ASSERT_EQ(result.applied.size(), 1u);
  EXPECT_EQ(result.applied[0].revision, "aaaa");
  EXPECT_EQ(result.rows_after, std::vector<std::string>{"aaaa"});
  EXPECT_EQ(server.committed().version_rows, std::vector<std::string>{"aaaa"});
  EXPECT_FALSE(ran(server, "CREATE TABLE t_c"));
}

TEST(ResumableRun, AFirstStepThatCannotFitFailsBeforeAnythingRuns) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.seed_history({upgraded("aaaa", 20000)});
  const auto error =
      upgrade_error(fake_config(false), graph, resumable_options(server, seconds(12)));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind(), ErrorKind::step_too_long);
  EXPECT_TRUE(contains(error->message(), "revision aaaa is expected to take 20.0 s"))
      << error->message();
  EXPECT_TRUE(contains(error->hint(), "900 s")) << error->hint();
  EXPECT_TRUE(contains(error->hint(), "ECS")) << error->hint();
  ASSERT_TRUE(error->location().has_value());
  EXPECT_EQ(error->location()->file, "versions/aaaa.sql");
  EXPECT_FALSE(ran(server, "CREATE TABLE t_a")) << "nothing of the step was sent";
  EXPECT_TRUE(server.committed().version_rows.empty());
  EXPECT_EQ(server.connections_open(), 0);
}

TEST(ResumableRun, CommitsPerMigrationWhateverTheConfigSays) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.fail_when_contains("INSERT INTO t_c",
                            ScriptedFailure::server("22012", "division by zero"));
  const auto error =
      upgrade_error(fake_config(false), graph, resumable_options(server, seconds(30)));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind(), ErrorKind::migration);
  EXPECT_TRUE(contains(error->message(), "committed before the failure: aaaa, bbbb"))
      << error->message();
  EXPECT_EQ(server.committed().version_rows, std::vector<std::string>{"bbbb"});
}

TEST(ResumableRun, WithoutADeadlineNothingChanges) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.seed_history({upgraded("aaaa", 20000)});
  RunOptions options = fake_options(server);
  options.resumable = ResumableSettings{};
  RunResult result;
  const auto error = upgrade_error(fake_config(false), graph, options, &result);
  ASSERT_FALSE(error) << error->what();
  EXPECT_FALSE(result.resumable);
  EXPECT_FALSE(result.stopped);
  EXPECT_EQ(result.applied.size(), 3u);
}

TEST(ResumableRun, ACompleteRunSaysSo) {
  const auto graph = linear_graph(three_steps(false));
  ScriptedServer server;
  RunResult result;
  const auto error =
      upgrade_error(fake_config(false), graph, resumable_options(server, seconds(30)), &result);
  ASSERT_FALSE(error) << error->what();
  EXPECT_TRUE(result.resumable);
  EXPECT_FALSE(result.stopped);
  EXPECT_EQ(server.committed().version_rows, std::vector<std::string>{"cccc"});
}

TEST(ResumableRun, AStepTheDeadlineInterruptsAfterOthersCommittedEndsTheRunInOrder) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.fail_when_contains("CREATE TABLE t_c", ScriptedFailure::blocking());
  RunResult result;
  const auto error =
      upgrade_error(fake_config(false), graph,
                    resumable_options(server, milliseconds(300), ResumableSettings{0, 0}), &result);
  ASSERT_FALSE(error) << error->what();
  ASSERT_TRUE(result.stopped.has_value());
  EXPECT_EQ(result.stopped->remaining_steps, 1u);
  EXPECT_EQ(result.stopped->next_revision, "cccc");
  EXPECT_TRUE(contains(result.stopped->reason, "the deadline interrupted `upgrade bbbb -> cccc`"))
      << result.stopped->reason;
  ASSERT_EQ(result.applied.size(), 2u);
  EXPECT_EQ(result.rows_after, std::vector<std::string>{"bbbb"});
  EXPECT_EQ(server.committed().version_rows, std::vector<std::string>{"bbbb"});
}

TEST(ResumableRun, AFirstStepTheDeadlineInterruptsIsAnError) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.fail_when_contains("CREATE TABLE t_a", ScriptedFailure::blocking());
  const auto error =
      upgrade_error(fake_config(false), graph,
                    resumable_options(server, milliseconds(300), ResumableSettings{0, 0}));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind(), ErrorKind::deadline);
  EXPECT_TRUE(contains(error->hint(), "ECS")) << error->hint();
  EXPECT_TRUE(server.committed().version_rows.empty());
}

TEST(ResumableRun, ASectionTheDeadlineInterruptsResumesWhereItStopped) {
  const auto graph = linear_graph(three_steps(false));
  ScriptedServer server;
  server.fail_when_contains("ix_b2", ScriptedFailure::blocking());
  RunResult result;
  const auto error =
      upgrade_error(fake_config(false), graph,
                    resumable_options(server, milliseconds(300), ResumableSettings{0, 0}), &result);
  ASSERT_FALSE(error) << error->what();
  ASSERT_TRUE(result.stopped.has_value());
  EXPECT_EQ(result.stopped->remaining_steps, 2u);
  EXPECT_EQ(result.stopped->next_revision, "bbbb");
  EXPECT_TRUE(contains(result.stopped->reason, "after statement 1 of 3")) << result.stopped->reason;
  ASSERT_TRUE(server.committed().progress.has_value());
  EXPECT_EQ(server.committed().progress->done, 1u);

  // The next invocation resumes at statement 2 and finishes.
  RunResult next;
  const auto again =
      upgrade_error(fake_config(false), graph, resumable_options(server, seconds(30)), &next);
  ASSERT_FALSE(again) << again->what();
  EXPECT_FALSE(next.stopped);
  EXPECT_EQ(server.committed().version_rows, std::vector<std::string>{"cccc"});
  EXPECT_FALSE(server.committed().progress.has_value());
}

}  // namespace
}  // namespace retort::testing
