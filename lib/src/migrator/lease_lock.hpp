// The lease lock of lock_strategy table (docs/architecture.md §5.3): a row in
// retort_lock that names its holder by a random token and expires on the
// server's clock unless renewed. Safe behind a transaction-pooling
// connection pooler, where a session advisory lock is not: every
// transaction of the run starts with guard(), and a keeper thread renews the
// lease on a connection of its own while long statements run.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "migrator/retort_sql.hpp"
#include "retort/database.hpp"
#include "retort/reporter.hpp"

namespace retort::migrator {

// Opens another connection to the same database (the keeper's).
using Reconnect = std::function<std::unique_ptr<Database>()>;

class LeaseLock {
 public:
  // Takes the lease on `database`, creating the table if needed and polling
  // every 200 ms up to `wait_s` (or until `should_stop`), then starts the
  // keeper. Throws Error(ErrorKind::lock_timeout) naming the holder and when
  // its lease expires; Error(ErrorKind::database) for other failures.
  static std::unique_ptr<LeaseLock> acquire(Database& database, const TableNames& names,
                                            double lease_s, double wait_s,
                                            const std::function<bool()>& should_stop,
                                            Reporter& reporter, Reconnect reconnect);
  ~LeaseLock();  // stops the keeper; does not release (see release())
  LeaseLock(const LeaseLock&) = delete;
  LeaseLock& operator=(const LeaseLock&) = delete;

  // The statement every transaction of the run starts (and commits) with.
  SqlText guard() const { return lease_guard_sql(m_names, m_token, m_lease_s); }
  // True once the keeper found the lease taken over or could not renew it
  // for a whole lease; it then cancels the main connection's statement.
  bool lost() const { return m_lost.load(); }
  // Stops the keeper and deletes the row if it is still ours; never throws.
  void release(Database& database) noexcept;

 private:
  LeaseLock(const TableNames& names, std::string token, double lease_s, Reconnect reconnect,
            CancelHandle cancel_main);
  void keep();
  void stop_keeper() noexcept;

  TableNames m_names;
  std::string m_token;
  double m_lease_s;
  Reconnect m_reconnect;
  CancelHandle m_cancel_main;
  std::atomic<bool> m_lost{false};
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  std::thread m_keeper;
};

}  // namespace retort::migrator
