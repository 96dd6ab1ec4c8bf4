// lock_timeout and lock_retries on PostgreSQL (docs/architecture.md §5.11):
// another session holds a conflicting lock while `retort upgrade head`
// alters the table. The step is rolled back and tried again (the whole run
// in one-transaction mode, the step in per-migration mode, the statement of
// a transaction:false section), the blocker is named, and a concurrent
// reader never waits longer than about lock_timeout behind the migration's
// queued lock.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "postgres/connection.hpp"
#include "support/project.hpp"

namespace retort::testing {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* k_blocker_name = "retort-test-blocker";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

postgres::Connection connect(const std::string& url, const std::string& name) {
  return postgres::Connection::open(
      postgres::ConnectOptions{.conninfo = url, .application_name = name});
}

// A session that holds ACCESS SHARE on t in an open transaction, as a
// long-running report would.
class LockHolder {
 public:
  explicit LockHolder(const std::string& url) : m_connection(connect(url, k_blocker_name)) {
    m_pid = m_connection.query("SELECT pg_backend_pid()")[0][0].value_or("?");
    m_connection.execute("BEGIN; LOCK TABLE t IN ACCESS SHARE MODE");
  }
  void release() { m_connection.execute("COMMIT"); }
  const std::string& pid() const { return m_pid; }

 private:
  postgres::Connection m_connection;
  std::string m_pid;
};

// Reads t in a loop on its own connection, timing every query.
class Reader {
 public:
  explicit Reader(const std::string& url)
      : m_connection(connect(url, "retort-test-reader")), m_thread([this] { loop(); }) {}
  ~Reader() { stop(); }
  double stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
    return m_longest_s;
  }
  std::size_t reads() const { return m_reads; }

 private:
  void loop() {
    while (!m_stop) {
      const auto started = Clock::now();
      m_connection.execute("SELECT count(*) FROM t");
      m_longest_s =
          std::max(m_longest_s, std::chrono::duration<double>(Clock::now() - started).count());
      ++m_reads;
      std::this_thread::sleep_for(5ms);
    }
  }
  postgres::Connection m_connection;
  std::atomic<bool> m_stop{false};
  double m_longest_s = 0;
  std::atomic<std::size_t> m_reads{0};
  std::thread m_thread;
};

class LockRetryPg : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_PG(pg);
    url = pg->create_database();
    PgServer::query(url, "CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 100)");
  }

  void make_project(const std::string& config) {
    project = std::make_unique<MigrationProject>(url, config);
  }

  // cccc: ALTER TABLE t, which waits for the holder's lock.
  void add_alter(std::vector<std::string> parents = {}) {
    MigrationSpec alter;
    alter.id = "cccc";
    alter.parents = std::move(parents);
    alter.upgrade_sql = "ALTER TABLE t ADD COLUMN c int;";
    alter.downgrade_sql = "ALTER TABLE t DROP COLUMN c;";
    project->add(alter);
  }

  // Runs retort in the background.
  std::future<ProcessResult> start(std::vector<std::string> args) {
    return std::async(std::launch::async, [this, args] { return project->retort(args); });
  }

  // Waits until a retort session waits for a lock on t (polling pg_locks).
  bool wait_for_lock_wait(std::chrono::seconds limit = 60s) const {
    const auto until = Clock::now() + limit;
    while (Clock::now() < until) {
      auto waiting = PgServer::query(
          url,
          "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
          "WHERE NOT l.granted AND l.relation = 't'::regclass AND a.application_name = 'retort'");
      if (!waiting.empty() && waiting[0] != "0") return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  bool column_exists(const std::string& column) const {
    auto rows = PgServer::query(
        url, fmt::format("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                         "'t' AND column_name = '{}'",
                         column));
    return !rows.empty() && rows[0] == "1";
  }

  std::string history_count(const std::string& revision) const {
    return PgServer::query(
        url, fmt::format("SELECT count(*) FROM retort_history WHERE revision = '{}' AND "
                         "direction = 'upgrade'",
                         revision))[0];
  }

  std::string url;
  std::unique_ptr<MigrationProject> project;
};

TEST_F(LockRetryPg, StepIsRetriedUntilTheHolderCommits) {
  make_project("lock_timeout_s: 0.2\nlock_retries: 5\n");
  add_alter();
  LockHolder holder(url);
  auto run = start({"--format", "json", "upgrade", "head"});
  ASSERT_TRUE(wait_for_lock_wait());
  std::this_thread::sleep_for(1s);
  holder.release();
  auto result = run.get();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto doc = nlohmann::json::parse(result.out);
  EXPECT_GE(doc["lock_retries"].get<int>(), 1) << result.out;
  EXPECT_TRUE(contains(result.err, "lock_timeout on step cccc (ALTER TABLE t ADD COLUMN c int)"))
      << result.err;
  EXPECT_TRUE(contains(result.err, "retry 1 of 5 in")) << result.err;
  // At least one of the waits was looked at in time to name its blocker.
  bool named = false;
  for (const auto& event : doc["lock_timeouts"]) {
    for (const auto& blocker : event["blockers"]) {
      named = named || (std::to_string(blocker["pid"].get<long>()) == holder.pid() &&
                        blocker["application"] == k_blocker_name);
    }
  }
  EXPECT_TRUE(named) << result.out;
  EXPECT_TRUE(column_exists("c"));
  EXPECT_EQ(project->rows(), std::vector<std::string>{"cccc"});
  EXPECT_EQ(history_count("cccc"), "1");
}

// The reader's longest wait with lock_timeout_s 0.2 stays near the timeout;
// without one, the migration's queued lock blocks it for about as long as
// the holder holds its lock, which shows the measurement can fail.
TEST_F(LockRetryPg, ReadersWaitAtMostAboutTheLockTimeout) {
  constexpr double k_timeout_s = 0.2, k_slack_s = 0.6;
  make_project("lock_timeout_s: 0.2\nlock_retries: 20\n");
  add_alter();
  double longest_s = 0;
  {
    auto holder = std::make_unique<LockHolder>(url);
    Reader reader(url);
    auto run = start({"upgrade", "head"});
    ASSERT_TRUE(wait_for_lock_wait());
    std::this_thread::sleep_for(2s);
    holder->release();
    auto result = run.get();
    longest_s = reader.stop();
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_GT(reader.reads(), 10u);
  }
  std::printf("longest read with lock_timeout_s 0.2: %.3f s\n", longest_s);
  EXPECT_LT(longest_s, k_timeout_s + k_slack_s);
  EXPECT_TRUE(column_exists("c"));
}

TEST_F(LockRetryPg, WithoutLockTimeoutReadersQueueBehindTheMigration) {
  make_project("lock_timeout_s: 0\n");
  add_alter();
  double longest_s = 0;
  ProcessResult result;
  {
    auto holder = std::make_unique<LockHolder>(url);
    Reader reader(url);
    auto run = start({"upgrade", "head"});
    ASSERT_TRUE(wait_for_lock_wait());
    std::this_thread::sleep_for(4500ms);
    holder->release();
    result = run.get();
    longest_s = reader.stop();
  }
  std::printf("longest read with lock_timeout_s 0: %.3f s\n", longest_s);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_GT(longest_s, 2.0);
  // No retry without a timeout, but the wait is reported once, naming the holder.
  EXPECT_FALSE(contains(result.err, "lock_timeout on step")) << result.err;
  EXPECT_EQ(count_of(result.err, "A migration statement has waited"), 1u) << result.err;
  EXPECT_TRUE(contains(result.err, "table \"public.t\", held by pid")) << result.err;
  EXPECT_TRUE(contains(result.err, k_blocker_name)) << result.err;
}

TEST_F(LockRetryPg, RetriesRunOutAndTheErrorNamesTheBlocker) {
  make_project("lock_timeout_s: 0.2\nlock_retries: 2\n");
  MigrationSpec first = table_revision("aaaa");
  project->add(first);
  add_alter({"aaaa"});
  LockHolder holder(url);
  auto result = project->retort({"--format", "json", "upgrade", "head"});
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  auto doc = nlohmann::json::parse(result.out);
  const auto& error = doc["error"];
  EXPECT_EQ(error["kind"], "migration");
  EXPECT_EQ(error["sqlstate"], "55P03");
  const std::string message = error["message"];
  EXPECT_TRUE(contains(message, "lock_timeout on step cccc")) << message;
  EXPECT_TRUE(contains(message, "table \"public.t\" is locked by pid " + holder.pid())) << message;
  EXPECT_TRUE(contains(message, "idle in transaction")) << message;
  EXPECT_TRUE(contains(message, std::string("application \"") + k_blocker_name + "\"")) << message;
  EXPECT_TRUE(contains(message, "LOCK TABLE t IN ACCESS SHARE MODE")) << message;
  EXPECT_TRUE(contains(message, "tried 3 times (2 retries)")) << message;
  EXPECT_TRUE(contains(message, "every change of this run was rolled back")) << message;
  EXPECT_TRUE(contains(error["hint"], "pid " + holder.pid())) << error["hint"];
  EXPECT_EQ(error["lock_retries"], 2);
  ASSERT_EQ(error["lock_timeouts"].size(), 3u);
  EXPECT_TRUE(error["lock_timeouts"][2]["retry_in_s"].is_null());
  EXPECT_EQ(error["lock_timeouts"][2]["relation"], "public.t");
  EXPECT_EQ(error["lock_timeouts"][2]["mode"], "AccessExclusiveLock");
  EXPECT_EQ(count_of(result.err, "lock_timeout on step cccc"), 2u) << result.err;
  // Nothing stays applied: the run was one transaction.
  EXPECT_FALSE(column_exists("c"));
  EXPECT_FALSE(project->table_exists("public.t_aaaa"));
  EXPECT_TRUE(project->rows().empty());
  holder.release();
}

TEST_F(LockRetryPg, OneTransactionModeRetriesTheWholeRun) {
  make_project("lock_timeout_s: 0.2\nlock_retries: 10\n");
  project->add(table_revision("aaaa"));
  add_alter({"aaaa"});
  LockHolder holder(url);
  auto run = start({"upgrade", "head"});
  ASSERT_TRUE(wait_for_lock_wait());
  std::this_thread::sleep_for(1s);
  holder.release();
  auto result = run.get();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // aaaa ran in every try: the first tries were rolled back with cccc.
  EXPECT_GE(count_of(result.err, "Running upgrade  -> aaaa"), 2u) << result.err;
  EXPECT_EQ(project->rows(), std::vector<std::string>{"cccc"});
  EXPECT_EQ(history_count("aaaa"), "1");
  EXPECT_EQ(history_count("cccc"), "1");
  EXPECT_TRUE(column_exists("c"));
}

TEST_F(LockRetryPg, PerMigrationModeRetriesOnlyTheWaitingStep) {
  make_project("lock_timeout_s: 0.2\nlock_retries: 10\ntransaction_per_migration: true\n");
  project->add(table_revision("aaaa"));
  add_alter({"aaaa"});
  LockHolder holder(url);
  auto run = start({"upgrade", "head"});
  ASSERT_TRUE(wait_for_lock_wait());
  // aaaa is committed while cccc waits.
  EXPECT_EQ(history_count("aaaa"), "1");
  std::this_thread::sleep_for(1s);
  holder.release();
  auto result = run.get();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(count_of(result.err, "Running upgrade  -> aaaa"), 1u) << result.err;
  EXPECT_TRUE(contains(result.err, "lock_timeout on step cccc")) << result.err;
  EXPECT_EQ(history_count("aaaa"), "1");
  EXPECT_EQ(history_count("cccc"), "1");
  EXPECT_TRUE(column_exists("c"));
}

TEST_F(LockRetryPg, TransactionFalseStatementIsRetriedOnItsOwn) {
  make_project("lock_timeout_s: 0.2\nlock_retries: 10\n");
  MigrationSpec section;
  section.id = "dddd";
  section.upgrade_transactional = false;
  // The first statement would fail if it ran again.
  section.upgrade_sql =
      "CREATE TABLE t_before (v int);\nALTER TABLE t ADD COLUMN d int;\nCREATE TABLE t_after (v "
      "int);";
  section.downgrade_sql = "DROP TABLE t_after; ALTER TABLE t DROP COLUMN d; DROP TABLE t_before;";
  project->add(section);
  LockHolder holder(url);
  auto run = start({"upgrade", "head"});
  ASSERT_TRUE(wait_for_lock_wait());
  std::this_thread::sleep_for(1s);
  holder.release();
  auto result = run.get();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.err, "lock_timeout on step dddd (ALTER TABLE t ADD COLUMN d int)"))
      << result.err;
  EXPECT_TRUE(contains(result.err, "at statement 2 of 3")) << result.err;
  EXPECT_TRUE(project->table_exists("public.t_before"));
  EXPECT_TRUE(project->table_exists("public.t_after"));
  EXPECT_TRUE(column_exists("d"));
  EXPECT_EQ(project->rows(), std::vector<std::string>{"dddd"});
  EXPECT_EQ(history_count("dddd"), "1");
}

}  // namespace
}  // namespace retort::testing
