// Deadlines for runs inside a Lambda invocation (RunOptions::deadline): the
// limits every wait and timeout is capped to, and a watchdog that cancels
// the query still running when the deadline passes.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "retort/config.hpp"
#include "retort/database.hpp"
#include "retort/error.hpp"
#include "retort/migrate.hpp"

namespace retort::migrator {

using Deadline = std::optional<std::chrono::steady_clock::time_point>;

// The waits and PostgreSQL timeouts of one run, in seconds (0 = off for the
// two timeouts). With a deadline each is at most the time left, so nothing
// outlives the invocation; without one they are the configured values.
struct RunLimits {
  double connect_wait_s = 0;
  double lock_wait_s = 0;
  double lock_timeout_s = 0;
  double statement_timeout_s = 0;
  // Config::lock_retries, or its default: 3 with a lock_timeout, else 0
  // (docs/architecture.md §5.11).
  std::size_t lock_retries = 0;
};
RunLimits run_limits(const Config& config, const RunOptions& options);

// True once `deadline` (if any) has passed.
bool deadline_passed(const Deadline& deadline);

// Error(ErrorKind::deadline) carrying `cause`'s message, location and
// SQLSTATE: what a run cancelled at its deadline reports. Its hint is
// lambda_ways_out().
Error deadline_error(const Error& cause);

// The hint for work that does not fit in a Lambda invocation: raise the
// function's timeout (at most 900 s) or run the same image as an ECS task
// with the command override ["upgrade", "head"] (docs/lambda.md).
std::string lambda_ways_out();

// Cancels the connection's running query when the deadline passes, and again
// every second after that until destroyed (a step may start just after a
// cancel found the connection idle). Does nothing without a deadline.
class DeadlineWatchdog {
 public:
  DeadlineWatchdog(const Database& database, Deadline deadline);
  ~DeadlineWatchdog();
  DeadlineWatchdog(const DeadlineWatchdog&) = delete;
  DeadlineWatchdog& operator=(const DeadlineWatchdog&) = delete;

  bool fired() const { return m_fired.load(); }
  // Stops cancelling (joins the thread): for the reads that end a run which
  // stopped in order after the deadline had interrupted a step.
  void disarm();

 private:
  void watch(std::chrono::steady_clock::time_point deadline);

  CancelHandle m_cancel;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_done = false;
  std::atomic<bool> m_fired{false};
  std::thread m_thread;
};

}  // namespace retort::migrator
