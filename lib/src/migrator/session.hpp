// Session: the one database connection of one retort command, with the
// version table's names and retort's advisory lock.
#pragma once

#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "migrator/lease_lock.hpp"
#include "migrator/partial_state.hpp"
#include "migrator/retort_sql.hpp"
#include "retort/config.hpp"
#include "retort/database.hpp"
#include "retort/reporter.hpp"

namespace retort::migrator {

TableNames table_names(const Config& config);

// What the version table and the progress table hold.
struct DatabaseState {
  std::optional<std::vector<std::string>> rows;  // nullopt: no version table
  std::optional<ProgressRow> progress;           // a transaction:false section part-way
};

// How a session excludes other runs (Config::lock_strategy).
struct LockSettings {
  LockStrategy strategy = LockStrategy::automatic;
  double lease_s = 30;
  Reconnect reconnect;  // for the lease keeper's connection
};

class Session {
 public:
  // Takes over an open connection. REQUIRES: database is not null.
  Session(std::unique_ptr<Database> database, TableNames names, LockSettings lock = {});
  // Connects with `connect` (empty: PostgreSQL) to config.url, retrying for
  // wait_s seconds. Throws Error(ErrorKind::database).
  static Session open(const Config& config, const Connector& connect, double wait_s);
  ~Session();
  Session(Session&&) noexcept = default;
  Session& operator=(Session&&) = delete;

  Database& database() { return *m_database; }
  const Database& database() const { return *m_database; }
  const TableNames& names() const { return m_names; }

  // The version-table rows in server order, or nullopt when the table (or
  // its schema) does not exist. Throws Error(ErrorKind::database) for any
  // other failure. REQUIRES: no transaction is open.
  std::optional<std::vector<std::string>> read_rows();
  // The rows and the progress row: one round trip, two when the progress
  // table exists. Same errors and requirement as read_rows().
  DatabaseState read_state();

  // Takes retort's lock (docs/architecture.md §5.3), polling outside any
  // transaction for up to `wait_s` seconds: the session advisory lock, or
  // the lease lock when lock_strategy is table, or auto and the connection
  // goes through a pooler (the server's announced backend pid is not the
  // session's). Throws Error(ErrorKind::lock_timeout) naming the holder, and
  // Error(ErrorKind::config) for lock_strategy advisory behind a pooler.
  // `should_stop` (may be empty) cancels the wait.
  void lock(double wait_s, const std::function<bool()>& should_stop, Reporter& reporter);
  // Releases the lock if held (rolling back an open transaction first); never
  // throws.
  void unlock() noexcept;
  // True once a held lease was found taken over (the run must stop).
  bool lock_lost() const { return m_lease && m_lease->lost(); }

  // Sets PostgreSQL's lock_timeout and statement_timeout (0 = off): for the
  // session on a direct connection; behind a pooler, where session settings
  // do not stick, with SET LOCAL in every transaction_guard().
  void apply_timeouts(double lock_timeout_s, double statement_timeout_s);

  // What every transaction of a run starts and commits with: the lease
  // guard and, behind a pooler, the timeouts; empty for the advisory lock.
  SqlText transaction_guard() const;
  // What precedes each statement of a transaction:false section.
  SqlText statement_guard() const;
  // The connection goes through a pooler (known once lock() ran).
  bool pooled() const { return m_pooled; }
  // pg_backend_pid() as the last read_state() read it; 0 when unknown.
  long backend_pid() const { return std::strtol(m_session_pid.c_str(), nullptr, 10); }
  // Opens another connection to the same database; empty when the session
  // was built without one.
  const Reconnect& reconnect() const { return m_lock.reconnect; }

 private:
  std::string describe_lock_holder();

  bool detect_pooler();

  std::unique_ptr<Database> m_database;
  TableNames m_names;
  LockSettings m_lock;
  bool m_locked = false;
  bool m_pooled = false;
  std::unique_ptr<LeaseLock> m_lease;
  std::string m_local_timeouts;  // SET LOCAL statements, behind a pooler
  std::string m_session_pid;     // pg_backend_pid() as the last read_state() saw it
};

}  // namespace retort::migrator
