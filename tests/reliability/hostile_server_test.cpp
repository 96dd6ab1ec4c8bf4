// Hostile servers, end to end: connections the server refuses (password,
// pg_hba.conf, role, database, connection limit, shutdown), servers that
// stop and come back during --wait, and a COPY that reaches the Database
// layer. Every case ends with exit 1 or a QueryFailed, a message that says
// which failure it was, and no hang. Hostile files: hostile_input_test.cpp.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "postgres/connection.hpp"
#include "support/pg_server.hpp"
#include "support/scratch_cluster.hpp"
#include "support/temp_dir.hpp"
#include "support/timed_run.hpp"

namespace retort::testing {
namespace {

using namespace std::chrono_literals;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// `retort --url <url> --wait=<wait> current` in a project without migrations.
TimedResult current(const std::string& url, const std::string& wait,
                    std::chrono::milliseconds limit = 60s) {
  TempDir empty;
  std::filesystem::create_directories(empty.path() / "migrations");
  std::vector<std::string> args{"--url", url};
  if (!wait.empty()) args.push_back("--wait=" + wait);
  args.push_back("current");
  ProcessOptions options;
  options.cwd = empty.path();
  options.unset_env = {"DATABASE_URL", "DB_URL", "RETORT_CONFIG", "RETORT_URL"};
  return run_retort_within(args, limit, options);
}

// The database of a socket URL from PgServer: postgresql://user@/<database>?host=...
std::string database_of(const std::string& url) {
  const std::size_t start = url.find("@/") + 2;
  return url.substr(start, url.find('?') - start);
}

#define REQUIRE_SCRATCH(cluster_var)                                                       \
  std::string cluster_var##_error;                                                         \
  auto cluster_var = ScratchCluster::start(cluster_var##_error);                           \
  if (!cluster_var) {                                                                      \
    if (postgres_required()) FAIL() << "cannot start PostgreSQL: " << cluster_var##_error; \
    GTEST_SKIP() << "PostgreSQL is not available";                                         \
  }

// --- connection failures (lib/src/postgres/connect_failure.*) -------------

TEST(ConnectFailures, WrongPasswordStopsAtOnceUnderWait) {
  REQUIRE_PG(server);
  const std::string url = server->tcp_url(database_of(server->create_database()), "n0tThePw");
  const TimedResult run = current(url, "5");
  ASSERT_FALSE(run.timed_out);
  EXPECT_EQ(run.result.exit_code, 1) << run.result.err;
  EXPECT_LT(run.seconds, 3.0) << "retried a refused password";
  const std::string& err = run.result.err;
  EXPECT_TRUE(contains(first_line(err), "cannot connect to the database")) << err;
  EXPECT_TRUE(contains(first_line(err), "password authentication failed")) << err;
  EXPECT_TRUE(contains(err, "28P01")) << err;
  EXPECT_TRUE(contains(err, "the password was refused: not retried")) << err;
  EXPECT_FALSE(contains(err, "within 5 s")) << err;
  EXPECT_FALSE(contains(err, "is the server running")) << err;
  EXPECT_FALSE(contains(err, "n0tThePw")) << err;
}

TEST(ConnectFailures, MissingDatabaseStopsAtOnceUnderWait) {
  REQUIRE_PG(server);
  std::string url = server->create_database();
  url.replace(url.find(database_of(url)), database_of(url).size(), "no_such_db");
  const TimedResult run = current(url, "5");
  ASSERT_FALSE(run.timed_out);
  EXPECT_EQ(run.result.exit_code, 1) << run.result.err;
  EXPECT_LT(run.seconds, 3.0);
  EXPECT_TRUE(contains(first_line(run.result.err), "database \"no_such_db\" does not exist"))
      << run.result.err;
  EXPECT_TRUE(contains(run.result.err, "3D000")) << run.result.err;
  EXPECT_TRUE(contains(run.result.err, "the database does not exist: not retried"))
      << run.result.err;
  EXPECT_TRUE(contains(run.result.err, "check the database name")) << run.result.err;
}

TEST(ConnectFailures, MissingRoleIsNamedWithoutWaiting) {
  REQUIRE_PG(server);
  std::string url = server->create_database();
  url.replace(url.find("retort@"), 7, "nobody_here@");
  const TimedResult run = current(url, "");
  EXPECT_EQ(run.result.exit_code, 1) << run.result.err;
  EXPECT_TRUE(contains(first_line(run.result.err), "role \"nobody_here\" does not exist"))
      << run.result.err;
  EXPECT_TRUE(contains(run.result.err, "check the user in the database URL")) << run.result.err;
  EXPECT_FALSE(contains(run.result.err, "--wait")) << run.result.err;
}

TEST(ConnectFailures, RoleConnectionLimitIsRetriedUntilItLifts) {
  REQUIRE_PG(server);
  const std::string url = server->create_database();
  const std::string role = fmt::format("limited_{}", ::getpid());
  PgServer::query(
      server->admin_url(),
      fmt::format("DROP ROLE IF EXISTS {0}; CREATE ROLE {0} LOGIN CONNECTION LIMIT 0", role));
  std::string limited = url;
  limited.replace(limited.find("retort@"), 7, role + "@");

  const TimedResult full = current(limited, "1.5");
  ASSERT_FALSE(full.timed_out);
  EXPECT_EQ(full.result.exit_code, 1) << full.result.err;
  EXPECT_GE(full.seconds, 1.4) << "gave up before --wait ran out";
  EXPECT_TRUE(contains(first_line(full.result.err), "too many connections for role"))
      << full.result.err;
  EXPECT_TRUE(contains(full.result.err, "53300")) << full.result.err;
  EXPECT_TRUE(contains(full.result.err, "did not accept connections within 1.5 s"))
      << full.result.err;
  EXPECT_TRUE(contains(full.result.err, "CONNECTION LIMIT")) << full.result.err;

  auto run = std::async(std::launch::async, [&] { return current(limited, "30"); });
  std::this_thread::sleep_for(1s);
  PgServer::query(server->admin_url(), fmt::format("ALTER ROLE {} CONNECTION LIMIT -1", role));
  const TimedResult lifted = run.get();
  ASSERT_FALSE(lifted.timed_out);
  EXPECT_EQ(lifted.result.exit_code, 0) << lifted.result.err;
  EXPECT_GE(lifted.seconds, 0.9);
  PgServer::query(server->admin_url(), fmt::format("DROP ROLE {}", role));
}

TEST(ConnectFailures, PgHbaRejectionStopsAtOnceUnderWait) {
  REQUIRE_SCRATCH(cluster);
  cluster->write_hba(
      "local all all trust\n"
      "host all all 127.0.0.1/32 reject\n");
  const TimedResult run = current(cluster->tcp_url("retort", "retort"), "5");
  ASSERT_FALSE(run.timed_out);
  EXPECT_EQ(run.result.exit_code, 1) << run.result.err;
  EXPECT_LT(run.seconds, 3.0);
  EXPECT_TRUE(contains(first_line(run.result.err), "pg_hba.conf rejects connection"))
      << run.result.err;
  EXPECT_TRUE(contains(run.result.err, "28000")) << run.result.err;
  EXPECT_TRUE(contains(run.result.err, "pg_hba.conf rejected the connection: not retried"))
      << run.result.err;
}

TEST(ConnectFailures, ShuttingDownServerIsWaitedForUntilItIsBack) {
  REQUIRE_SCRATCH(cluster);
  // An open session keeps a smart shutdown waiting, refusing new connections.
  auto session = postgres::Connection::open({.conninfo = cluster->url()});
  ASSERT_TRUE(cluster->stop("smart", false));
  TimedResult refused;
  for (int i = 0; i < 50; ++i) {  // until the postmaster has seen the request
    refused = current(cluster->url(), "");
    if (contains(refused.result.err, "57P03")) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(refused.result.exit_code, 1) << refused.result.err;
  EXPECT_TRUE(contains(first_line(refused.result.err), "the database system is shutting down"))
      << refused.result.err;
  EXPECT_TRUE(contains(refused.result.err, "shutting down or recovering")) << refused.result.err;
  EXPECT_TRUE(contains(refused.result.err, "--wait=SECONDS retries")) << refused.result.err;

  auto run = std::async(std::launch::async, [&] { return current(cluster->url(), "60", 90s); });
  std::this_thread::sleep_for(1s);
  {
    auto closing = std::move(session);  // the last session ends: the server stops
  }
  std::this_thread::sleep_for(1s);
  ASSERT_TRUE(cluster->start_again());
  const TimedResult back = run.get();
  ASSERT_FALSE(back.timed_out);
  EXPECT_EQ(back.result.exit_code, 0) << back.result.err;
  EXPECT_GE(back.seconds, 1.9);
}

TEST(ConnectFailures, RefusedConnectionsAreRetriedForTheWholeWait) {
  REQUIRE_SCRATCH(cluster);
  ASSERT_TRUE(cluster->stop("fast"));
  const TimedResult down = current(cluster->url(), "1");
  EXPECT_EQ(down.result.exit_code, 1) << down.result.err;
  EXPECT_GE(down.seconds, 0.9);
  EXPECT_TRUE(contains(down.result.err, "did not accept connections within 1 s"))
      << down.result.err;
  EXPECT_TRUE(contains(down.result.err, "check that the server is running")) << down.result.err;

  auto run = std::async(std::launch::async, [&] { return current(cluster->url(), "60", 90s); });
  std::this_thread::sleep_for(1s);
  ASSERT_TRUE(cluster->start_again());
  const TimedResult back = run.get();
  ASSERT_FALSE(back.timed_out);
  EXPECT_EQ(back.result.exit_code, 0) << back.result.err;
}

// --- COPY that reaches the Database layer (lib/src/postgres/connection.cpp) -

// Runs `sql` on a fresh database on another thread; fails instead of hanging.
template <typename Check>
void execute_within(const std::string& url, const std::string& sql, Check check) {
  auto connection =
      std::make_shared<postgres::Connection>(postgres::Connection::open({.conninfo = url}));
  std::promise<std::optional<QueryFailed>> done;
  auto outcome = done.get_future();
  std::thread([connection, sql, promise = std::move(done)]() mutable {
    try {
      connection->execute(sql);
      promise.set_value(std::nullopt);
    } catch (const QueryFailed& failed) {
      promise.set_value(failed);
    }
  }).detach();
  if (outcome.wait_for(20s) != std::future_status::ready) {
    FAIL() << "execute() hung on: " << sql;
  }
  check(outcome.get());
  EXPECT_EQ(query_rows(*connection, "SELECT 1").size(), 1u) << "the connection is not usable";
}

TEST(CopyReachingTheServer, FromStdinFailsInsteadOfWaitingForData) {
  REQUIRE_PG(server);
  execute_within(server->create_database(), "CREATE TABLE t (a int); COPY t FROM STDIN; SELECT 1",
                 [](const std::optional<QueryFailed>& failed) {
                   ASSERT_TRUE(failed.has_value());
                   EXPECT_EQ(failed->error().sqlstate, "57014");
                   EXPECT_TRUE(contains(failed->error().message, "retort sends no COPY data"))
                       << failed->error().message;
                   EXPECT_EQ(failed->completed().size(), 1u);  // CREATE TABLE ran first
                 });
}

TEST(CopyReachingTheServer, ToStdoutIsDrainedAndFails) {
  REQUIRE_PG(server);
  execute_within(server->create_database(), "COPY (SELECT generate_series(1, 100000)) TO STDOUT",
                 [](const std::optional<QueryFailed>& failed) {
                   ASSERT_TRUE(failed.has_value());
                   EXPECT_TRUE(contains(failed->error().message, "TO STDOUT"))
                       << failed->error().message;
                   EXPECT_FALSE(failed->connection_lost());
                 });
}

}  // namespace
}  // namespace retort::testing
