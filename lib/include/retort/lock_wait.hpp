// What a migration statement waited for when PostgreSQL's lock_timeout ran
// out (docs/architecture.md §5.11): the lock, the sessions holding it, and
// whether retort tried again. Carried by RunResult (the retries a run made)
// and by the Error of a run whose retries ran out.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace retort {

// A session that blocked the statement, as pg_stat_activity showed it while
// the statement waited (pg_blocking_pids()).
struct LockBlocker {
  long pid = 0;
  std::string state;         // "idle in transaction", "active", ...
  std::string application;   // application_name, may be empty
  double transaction_s = 0;  // now() - xact_start; 0 when it has no transaction
  std::string query;         // the start of its last query, as the server sent it

  // `pid 4242 (idle in transaction, application "psql", transaction open
  // 12.3 s: "UPDATE orders SET ...")`: values from the server masked and cut
  // (text::shortened(), the query to 120 bytes); control characters are
  // left to the output boundary.
  std::string describe() const;
};

// One statement that failed with lock_not_available (SQLSTATE 55P03).
struct LockTimeoutEvent {
  std::string revision;               // the step's revision; empty for retort's own statements
  std::string statement;              // the start of the statement (or the section) that waited
  std::string relation;               // "public.orders"; empty when the watcher saw none
  std::string mode;                   // the lock it asked for, e.g. "AccessExclusiveLock"
  std::vector<LockBlocker> blockers;  // empty when none was seen
  double lock_timeout_s = 0;
  std::size_t attempt = 1;  // the try that failed, 1 for the first
  std::size_t retries = 0;  // the retries allowed (lock_retries)
  // The pause before the next try; nullopt: no retry followed (the last
  // failure, out of retries or of time before the deadline).
  std::optional<double> retry_in_s;

  // `lock_timeout on step abc123 (ALTER TABLE ...): table "public.orders"
  // is locked by pid 4242 (...)`, and `; retry 1 of 3 in 0.7 s` when a
  // retry follows.
  std::string describe() const;
};

// How many of `events` were followed by a retry.
std::size_t retries_made(const std::vector<LockTimeoutEvent>& events);

}  // namespace retort
