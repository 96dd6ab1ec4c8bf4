// Runs behind a real PgBouncer the suite starts, in transaction and session
// pooling: 16 concurrent `upgrade head` runs apply each revision exactly
// once and all succeed; lock_strategy advisory is refused there; a run killed
// while holding the lease is taken over once its lease expires.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <future>
#include <thread>

#include "chain_project.hpp"
#include "support/background_process.hpp"
#include "support/pgbouncer.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::string>;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class Pooler : public ::testing::TestWithParam<const char*> {};

TEST_P(Pooler, SixteenConcurrentUpgradesApplyEachRevisionOnce) {
  REQUIRE_PG(server);
  REQUIRE_PGBOUNCER(bouncer, server, GetParam());
  const std::string direct = server->create_database();
  MigrationProject project(direct);
  add_chain(project);
  const std::string pooled = bouncer->url(database_of(direct));
  std::vector<std::future<ProcessResult>> runs;
  for (int i = 0; i < 16; ++i) {
    runs.push_back(std::async(std::launch::async, [&] {
      return run_retort({"-c", project.config_path(), "--url", pooled, "upgrade", "head"});
    }));
  }
  int waited = 0;
  for (auto& run : runs) {
    auto result = run.get();
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(contains(result.err + result.out, "retort_lock") ||
                contains(result.out, "Nothing to do"))
        << "every run that locked used the lease: " << result.err;
    if (contains(result.err, "Waiting for the migration lock lease")) ++waited;
  }
  EXPECT_GT(waited, 0) << "the runs overlapped";
  EXPECT_EQ(not_applied_once(project, 30), Rows{});
  EXPECT_EQ(project.rows(), Rows{chain_id(30)});
  EXPECT_EQ(project.query("SELECT count(*) FROM retort_history"), Rows{"30"});
  EXPECT_EQ(project.query("SELECT count(*) FROM retort_lock"), Rows{"0"}) << "released";
  // The pooled server connections hold no advisory lock afterwards.
  EXPECT_EQ(project.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), Rows{"0"});
  // Later runs are not blocked by anything left behind.
  auto later = run_retort({"-c", project.config_path(), "--url", pooled, "check"});
  EXPECT_EQ(later.exit_code, 0) << later.err;
}

INSTANTIATE_TEST_SUITE_P(Modes, Pooler, ::testing::Values("transaction", "session"),
                         [](const auto& row) { return std::string(row.param); });

TEST(PoolerLock, AdvisoryIsRefusedBehindAPooler) {
  REQUIRE_PG(server);
  REQUIRE_PGBOUNCER(bouncer, server, "transaction");
  const std::string direct = server->create_database();
  MigrationProject project(direct, "lock_strategy: advisory\n");
  add_chain(project, {.revisions = 3, .slow_revision = 0, .concurrent_revision = 0});
  auto result = run_retort(
      {"-c", project.config_path(), "--url", bouncer->url(database_of(direct)), "upgrade", "head"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err,
                       "lock_strategy advisory is not safe on this connection: it "
                       "goes through a connection pooler"))
      << result.err;
  EXPECT_TRUE(contains(result.err, "use lock_strategy: table")) << result.err;
  EXPECT_FALSE(project.table_exists("public.applied_log"));
}

TEST(PoolerLock, ADirectConnectionKeepsTheAdvisoryLock) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  add_chain(project, {.revisions = 3, .slow_revision = 0, .concurrent_revision = 0});
  auto result = project.retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(contains(result.err, "pooler")) << result.err;
  EXPECT_FALSE(project.table_exists("public.retort_lock"));
}

TEST(PoolerLock, AKilledHoldersLeaseIsTakenOverWhenItExpires) {
  REQUIRE_PG(server);
  REQUIRE_PGBOUNCER(bouncer, server, "transaction");
  const std::string direct = server->create_database();
  MigrationProject project(direct, "lock_lease_s: 3\n");
  add_chain(project, {.revisions = 5,
                      .slow_revision = 2,
                      .slow_seconds = 60,
                      .slow_while_marked = true,
                      .concurrent_revision = 4});
  project.query("CREATE TABLE sleep_marker ()");
  const std::string pooled = bouncer->url(database_of(direct));
  BackgroundProcess doomed(
      {RETORT_BINARY, "-c", project.config_path(), "--url", pooled, "upgrade", "head"});
  Rows sleeping;
  for (int i = 0; i < 200 && sleeping.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    sleeping = project.query(
        "SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> "
        "pg_backend_pid()");
  }
  ASSERT_EQ(sleeping.size(), 1u) << doomed.err();
  EXPECT_EQ(doomed.stop(SIGKILL, std::chrono::seconds(5)), 128 + SIGKILL);
  // Its transaction lingers on the pooled server connection until ended.
  project.query("DROP TABLE sleep_marker");
  project.query(fmt::format("SELECT pg_terminate_backend({})", sleeping[0]));
  EXPECT_EQ(project.query("SELECT count(*) FROM retort_lock"), Rows{"1"}) << "the dead run's lease";
  const auto started = std::chrono::steady_clock::now();
  auto next = run_retort({"-c", project.config_path(), "--url", pooled, "upgrade", "head"});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_LT(seconds, 3 + 5) << "taken over once the 3 s lease expired";
  EXPECT_EQ(not_applied_once(project, 5), Rows{});
  EXPECT_EQ(project.rows(), Rows{chain_id(5)});
}

}  // namespace
}  // namespace retort::testing
