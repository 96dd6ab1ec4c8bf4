// Runs that die or lose their server part-way, against real PostgreSQL:
// SIGKILL at seeded random moments (in both transaction modes, through a
// transaction:false section), a backend terminated and a server restarted
// mid-run, and 16 concurrent runners on a direct connection. After each, the
// database is consistent (each revision recorded in the version table ran
// exactly once, nothing later ran, or a transaction:false section is
// recorded as part-way through) and a rerun finishes the job.
//
// RETORT_RELIABILITY_KILLS=N runs N kill rounds instead of the CI's 12.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <future>
#include <random>
#include <thread>

#include "chain_project.hpp"
#include "support/background_process.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::string>;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

int kill_rounds() {
  const char* value = std::getenv("RETORT_RELIABILITY_KILLS");
  int rounds = value ? std::atoi(value) : 0;
  return rounds > 0 ? rounds : 12;
}

// Ends the backends a killed run left (the server would notice the dead
// client only when it next writes to it).
void end_orphans(const MigrationProject& project) {
  project.query(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = "
      "'retort' AND datname = current_database() AND pid <> pg_backend_pid()");
  for (int i = 0; i < 100; ++i) {
    if (project.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'retort' "
                      "AND datname = current_database() AND pid <> pg_backend_pid()") ==
        Rows{"0"}) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int revision_number(const std::string& id) {
  return std::atoi(id.c_str() + 1);
}

// The state a run left: the revisions up to the recorded one ran once each,
// none after it ran, except the first statements of a transaction:false
// section that the progress table records as part-way through.
void expect_consistent(const MigrationProject& project, int revisions, int concurrent_revision) {
  auto rows = project.rows();
  ASSERT_LE(rows.size(), 1u);
  const int recorded = rows.empty() ? 0 : revision_number(rows[0]);
  const bool partial = project.table_exists("public.retort_progress") &&
                       project.query("SELECT count(*) FROM retort_progress") == Rows{"1"};
  if (!project.table_exists("public.applied_log")) {
    EXPECT_EQ(recorded, 0);
    return;
  }
  auto counts =
      project.query("SELECT rev || ':' || count(*) FROM applied_log GROUP BY rev ORDER BY rev");
  for (const auto& entry : counts) {
    const int number = revision_number(entry);
    const int times = std::atoi(entry.c_str() + entry.find(':') + 1);
    if (number <= recorded) {
      EXPECT_EQ(times, 1) << entry;
    } else if (number == concurrent_revision && partial) {
      EXPECT_LE(times, 1) << entry << ": ran part-way, recorded in retort_progress";
    } else {
      ADD_FAILURE() << entry << " ran but the version table says " << recorded;
    }
  }
  if (partial) {
    EXPECT_EQ(project.query("SELECT revision FROM retort_progress"),
              Rows{chain_id(concurrent_revision)});
    EXPECT_EQ(recorded, concurrent_revision - 1);
  }
  (void)revisions;
}

TEST(Crash, KilledAtSeededMomentsLeavesAConsistentDatabaseThatARerunFinishes) {
  REQUIRE_PG(server);
  const int rounds = kill_rounds();
  int partial_rounds = 0, repeated_statements = 0;
  for (int round = 0; round < rounds; ++round) {
    std::mt19937 random(static_cast<unsigned>(round) * 7919u + 17u);
    const bool per_migration = round % 2 == 1;
    SCOPED_TRACE(fmt::format("round {} (seed {}), {}", round, round * 7919 + 17,
                             per_migration ? "per migration" : "one transaction"));
    MigrationProject project(server->create_database(),
                             per_migration ? "transaction_per_migration: true\n" : "");
    add_chain(project, {.revisions = 40,
                        .slow_revision = 20,
                        .slow_seconds = 0.1,
                        .concurrent_revision = 21,
                        .section_pause_s = 0.15});
    BackgroundProcess run(
        {RETORT_BINARY, "-c", project.config_path(), "--url", project.url(), "upgrade", "head"});
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 450));
    run.stop(SIGKILL, std::chrono::seconds(5));
    end_orphans(project);
    expect_consistent(project, 40, 21);
    if (project.table_exists("public.retort_progress") &&
        project.query("SELECT count(*) FROM retort_progress") == Rows{"1"}) {
      ++partial_rounds;
      auto check = project.retort({"check"});
      EXPECT_EQ(check.exit_code, 3) << check.err;
      EXPECT_TRUE(contains(check.err, "partially applied: r0021 upgrade")) << check.err;
    }
    auto rerun = project.retort({"upgrade", "head"});
    ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
    EXPECT_EQ(project.rows(), Rows{chain_id(40)});
    auto wrong = not_applied_once(project, 40);
    // The one statement that may run twice: finished just as the run died,
    // before its progress was recorded.
    if (wrong == Rows{"r0021 x2"}) {  // the INSERT, statement 3
      ++repeated_statements;
      wrong.clear();
    }
    EXPECT_EQ(wrong, Rows{});
    EXPECT_EQ(project.retort({"check"}).exit_code, 0);
  }
  RecordProperty("kill_rounds", rounds);
  RecordProperty("partial_rounds", partial_rounds);
  fmt::print("kill -9 rounds: {}, left a section part-way: {}, statement repeated: {}\n", rounds,
             partial_rounds, repeated_statements);
  EXPECT_LE(repeated_statements, rounds / 4 + 1);
}

TEST(Crash, SixteenConcurrentRunnersOnADirectConnection) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  add_chain(project);
  std::vector<std::future<ProcessResult>> runs;
  for (int i = 0; i < 16; ++i) {
    runs.push_back(std::async(std::launch::async, [&] {
      return project.retort({"upgrade", "head"});
    }));
  }
  for (auto& run : runs) {
    auto result = run.get();
    EXPECT_EQ(result.exit_code, 0) << result.err;
  }
  EXPECT_EQ(not_applied_once(project, 30), Rows{});
  EXPECT_EQ(project.rows(), Rows{chain_id(30)});
  EXPECT_EQ(project.query("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_applied_log'"),
            Rows{"1"});
}

TEST(Crash, BackendTerminatedInsideATransactionFalseSection) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  project.query("CREATE TABLE sleep_marker ()");
  add_chain(project, {.revisions = 5,
                      .slow_revision = 0,
                      .concurrent_revision = 3,
                      .section_sleeps_while_marked = true});
  auto run = std::async(std::launch::async, [&] { return project.retort({"upgrade", "head"}); });
  Rows sleeping;
  for (int i = 0; i < 200 && sleeping.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    sleeping = project.query(
        "SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(20)%' AND pid <> "
        "pg_backend_pid()");
  }
  ASSERT_EQ(sleeping.size(), 1u);
  project.query(fmt::format("SELECT pg_terminate_backend({})", sleeping[0]));
  auto result = run.get();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "the connection to the server was lost")) << result.err;
  EXPECT_TRUE(contains(result.err, "1 of 3 statement(s) of this transaction:false section ran"))
      << result.err;
  EXPECT_TRUE(contains(result.err, "recorded as partially applied")) << result.err;
  auto check = project.retort({"check", "--format", "json"});
  EXPECT_EQ(check.exit_code, 3);
  EXPECT_TRUE(contains(check.out, "\"status\":\"partial\"") ||
              contains(check.out, "\"status\": \"partial\""))
      << check.out;
  project.query("DROP TABLE sleep_marker");
  auto rerun = project.retort({"upgrade", "head"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_TRUE(contains(rerun.err, "at statement 2 of 3")) << rerun.err;
  EXPECT_EQ(not_applied_once(project, 5), Rows{});
  EXPECT_EQ(project.query("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_applied_log'"),
            Rows{"1"});
}

TEST(Crash, ServerRestartedMidRunFailsCleanlyAndTheRerunFinishes) {
  const std::string dir = fmt::format("/tmp/retort-restart-{}", ::getpid());
  const std::string script = std::string(RETORT_SOURCE_DIR) + "/scripts/pg-scratch";
  auto started = run_process({script, "start", dir});
  if (started.exit_code != 0) {
    if (postgres_required()) FAIL() << started.err;
    GTEST_SKIP() << started.err;
  }
  const std::string url = started.out.substr(0, started.out.find('\n'));
  MigrationProject project(url);
  add_chain(project, {.revisions = 6,
                      .slow_revision = 3,
                      .slow_seconds = 20,
                      .slow_while_marked = true,
                      .concurrent_revision = 0});
  project.query("CREATE TABLE sleep_marker ()");
  auto run = std::async(std::launch::async, [&] { return project.retort({"upgrade", "head"}); });
  for (int i = 0; i < 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!project
             .query("SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(20)%' AND "
                    "pid <> pg_backend_pid()")
             .empty()) {
      break;
    }
  }
  auto restarted = run_process({script, "restart", dir});
  EXPECT_EQ(restarted.exit_code, 0) << restarted.err;
  auto result = run.get();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "version table now: unknown")) << result.err;
  // One transaction: nothing of the run stayed.
  EXPECT_EQ(project.rows(), Rows{});
  project.query("DROP TABLE sleep_marker");
  auto rerun = project.retort({"upgrade", "head"});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(not_applied_once(project, 6), Rows{});
  run_process({script, "stop", dir});
}

}  // namespace
}  // namespace retort::testing
