// LockWatcher: names what a waiting migration statement waits for
// (docs/architecture.md §5.11). After a lock_timeout (SQLSTATE 55P03) the
// wait is over and pg_blocking_pids() is empty, so the watcher looks during
// the wait: once a statement sent through database() has run past a
// threshold, a thread asks another connection, opened then and kept for the
// run, for the sessions blocking the session's backend and the lock it asks
// for. Runs whose statements finish quickly never open it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "migrator/lease_lock.hpp"
#include "retort/database.hpp"
#include "retort/lock_wait.hpp"
#include "retort/reporter.hpp"

namespace retort::migrator {

// What the watcher saw while one statement waited.
struct LockObservation {
  std::string relation;  // "schema.table", empty when unknown
  std::string mode;      // e.g. "AccessExclusiveLock"
  std::vector<LockBlocker> blockers;
};

// Parses the two results of lock_blockers_sql(); blockers stay empty when
// the statement no longer waits. A blocker's query that mentions a password
// keeps only its text up to the keyword, then k_redacted.
LockObservation parse_lock_observation(const std::vector<StatementResult>& results);

struct LockWatchSettings {
  Reconnect connect;     // opens the watcher's connection; empty: no watching
  long backend_pid = 0;  // the session's backend; 0 (unknown, or behind a pooler): no watching
  double lock_timeout_s = 0;
};

class LockWatcher {
 public:
  // Watches statements sent through database(), which forwards to
  // `database`; reporter() forwards to `reporter` one call at a time, so the
  // watcher may report from its thread. REQUIRES: both outlive the watcher.
  LockWatcher(Database& database, Reporter& reporter, LockWatchSettings settings);
  ~LockWatcher();  // stops the thread, closes its connection
  LockWatcher(const LockWatcher&) = delete;
  LockWatcher& operator=(const LockWatcher&) = delete;

  Database& database() { return m_watched; }
  Reporter& reporter() { return m_serialized; }

  // What was seen while the last statement ran (empty when nothing blocked
  // it, or it did not wait long enough to be looked at). Waits up to a
  // second for a look that is under way.
  LockObservation last_observation();

  // How long a statement runs before the watcher looks: half of
  // lock_timeout_s, at most 1 s (1 s with no lock_timeout).
  static double threshold_s(double lock_timeout_s);
  // A statement that still waits after this long has its blockers reported
  // once as progress.
  static constexpr double k_report_after_s = 3;

 private:
  class Watched final : public Database {
   public:
    Watched(Database& inner, LockWatcher& watcher) : m_inner(inner), m_watcher(watcher) {}
    std::vector<StatementResult> execute(std::string_view sql) override;
    bool in_transaction() const override { return m_inner.in_transaction(); }
    bool is_alive() const override { return m_inner.is_alive(); }
    CancelHandle cancel_handle() const override { return m_inner.cancel_handle(); }
    int announced_backend_pid() const override { return m_inner.announced_backend_pid(); }

   private:
    Database& m_inner;
    LockWatcher& m_watcher;
  };

  class Serialized final : public Reporter {
   public:
    explicit Serialized(Reporter& inner) : m_inner(inner) {}
    void output(std::string_view line) override;
    void progress(std::string_view line) override;
    void warning(std::string_view line) override;
    void document(std::string_view text) override;

   private:
    Reporter& m_inner;
    std::mutex m_mutex;
  };

  using Clock = std::chrono::steady_clock;

  void statement_started();
  void statement_finished();
  void watch();
  // One look on the watcher's connection; empty when it cannot look.
  LockObservation look();

  Watched m_watched;
  Serialized m_serialized;
  LockWatchSettings m_settings;
  std::unique_ptr<Database> m_connection;  // the watcher thread's only
  bool m_connection_failed = false;

  std::mutex m_mutex;
  std::condition_variable m_wake;    // the thread: a statement started, or stop
  std::condition_variable m_looked;  // last_observation(): a look finished
  bool m_stopping = false;
  bool m_running = false;          // a statement is under way
  std::uint64_t m_generation = 0;  // counts statements
  Clock::time_point m_started;     // of the running statement
  bool m_looking = false;          // a look is under way
  LockObservation m_last;          // for m_last_generation
  std::uint64_t m_last_generation = 0;
  std::thread m_thread;
};

}  // namespace retort::migrator
