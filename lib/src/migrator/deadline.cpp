#include "migrator/deadline.hpp"

#include <algorithm>

namespace retort::migrator {
namespace {

using Clock = std::chrono::steady_clock;

// A configured timeout (0 = off) capped to `left` seconds.
double capped_timeout(double configured, double left) {
  return configured > 0 ? std::min(configured, left) : left;
}

}  // namespace

RunLimits run_limits(const Config& config, const RunOptions& options) {
  RunLimits limits{options.wait_s, config.lock_wait_s, config.lock_timeout_s,
                   config.statement_timeout_s, effective_lock_retries(config)};
  if (!options.deadline) return limits;
  // PostgreSQL reads 0 as "off", so never go below a millisecond.
  double left =
      std::max(0.001, std::chrono::duration<double>(*options.deadline - Clock::now()).count());
  limits.connect_wait_s = std::min(limits.connect_wait_s, left);
  limits.lock_wait_s = std::min(limits.lock_wait_s, left);
  limits.lock_timeout_s = capped_timeout(limits.lock_timeout_s, left);
  limits.statement_timeout_s = capped_timeout(limits.statement_timeout_s, left);
  return limits;
}

bool deadline_passed(const Deadline& deadline) {
  return deadline && Clock::now() >= *deadline;
}

Error deadline_error(const Error& cause) {
  Error error(ErrorKind::deadline, "stopped before the invocation's deadline: " + cause.message(),
              cause.location(), lambda_ways_out(), cause.sqlstate());
  error.set_lock_timeouts(cause.lock_timeouts());
  return error;
}

std::string lambda_ways_out() {
  return "raise the function's timeout (at most 900 s), or run the same image as an ECS task, "
         "which has no deadline: `aws ecs run-task` with the command override "
         "[\"upgrade\", \"head\"] (docs/lambda.md, \"As a CLI container or an ECS task\")";
}

DeadlineWatchdog::DeadlineWatchdog(const Database& database, Deadline deadline) {
  if (!deadline) return;
  m_cancel = database.cancel_handle();
  m_thread = std::thread([this, at = *deadline] { watch(at); });
}

DeadlineWatchdog::~DeadlineWatchdog() {
  disarm();
}

void DeadlineWatchdog::disarm() {
  if (!m_thread.joinable()) return;
  {
    std::lock_guard lock(m_mutex);
    m_done = true;
  }
  m_wake.notify_all();
  m_thread.join();
}

void DeadlineWatchdog::watch(Clock::time_point deadline) {
  std::unique_lock lock(m_mutex);
  Clock::time_point next = deadline;
  while (!m_wake.wait_until(lock, next, [this] { return m_done; })) {
    m_fired = true;
    m_cancel.cancel();
    next = Clock::now() + std::chrono::seconds(1);
  }
}

}  // namespace retort::migrator
