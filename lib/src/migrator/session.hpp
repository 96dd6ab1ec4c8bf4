// Session: the one database connection of one retort command, with the
// version table's names and retort's advisory lock.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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

class Session {
 public:
  // Takes over an open connection. REQUIRES: database is not null.
  Session(std::unique_ptr<Database> database, TableNames names);
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

  // Takes retort's session-level advisory lock, polling with
  // pg_try_advisory_lock outside any transaction for up to `wait_s`
  // seconds. Throws Error(ErrorKind::lock_timeout) naming the holder.
  // `should_stop` (may be empty) cancels the wait.
  void lock(double wait_s, const std::function<bool()>& should_stop, Reporter& reporter);
  // Releases the lock if held (rolling back an open transaction first); never
  // throws.
  void unlock() noexcept;

  // Sets PostgreSQL's lock_timeout and statement_timeout for this session (0 = off).
  void apply_timeouts(double lock_timeout_s, double statement_timeout_s);

 private:
  std::string describe_lock_holder();

  std::unique_ptr<Database> m_database;
  TableNames m_names;
  bool m_locked = false;
};

}  // namespace retort::migrator
