// Session: one connection used by one retort command, with the version
// table's names and retort's advisory lock.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "migrator/version_sql.hpp"
#include "postgres/connection.hpp"
#include "retort/config.hpp"
#include "retort/reporter.hpp"

namespace retort::migrator {

TableNames table_names(const Config& config);

class Session {
 public:
  // Connects (retrying for wait_s seconds). Throws Error(ErrorKind::database).
  Session(const Config& config, double wait_s);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  postgres::Connection& connection() { return m_connection; }
  const TableNames& names() const { return m_names; }

  // The version-table rows in server order, or nullopt when the table does not exist.
  std::optional<std::vector<std::string>> read_rows();

  // Takes retort's session-level advisory lock, polling with
  // pg_try_advisory_lock outside any transaction for up to `wait_s`
  // seconds. Throws Error(ErrorKind::lock_timeout) naming the holder.
  // `should_stop` (may be empty) cancels the wait.
  void lock(double wait_s, const std::function<bool()>& should_stop, Reporter& reporter);
  // Releases the lock if held; never throws.
  void unlock() noexcept;

  // Sets PostgreSQL's lock_timeout and statement_timeout for this session (0 = off).
  void apply_timeouts(double lock_timeout_s, double statement_timeout_s);

 private:
  std::string describe_lock_holder();

  postgres::Connection m_connection;
  TableNames m_names;
  bool m_locked = false;
};

}  // namespace retort::migrator
