// The retry policy for statements that fail with lock_not_available
// (docs/architecture.md §5.11): how many times, and the pause before each
// try, an exponential backoff with jitter that never sleeps past the run's
// deadline.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "migrator/deadline.hpp"
#include "retort/lock_wait.hpp"

namespace retort::migrator {

struct LockRetryPolicy {
  std::size_t retries = 0;  // tries after the first; 0: a lock_timeout fails the run
  double base_s = 0.5;      // the pause before the first retry is base_s * [0.5, 1)
  double cap_s = 10;        // no pause is longer
};

// The pause before retry `retry` (1 for the first): min(cap_s, base_s *
// 2^(retry-1)) scaled by 0.5 + unit / 2. REQUIRES: retry >= 1; unit in [0, 1).
double backoff_s(const LockRetryPolicy& policy, std::size_t retry, double unit);

// The pause before retry `retry`, or nullopt when there is none: past
// policy.retries, or the pause would reach the deadline (`time_left_s`
// seconds away; nullopt: no deadline).
std::optional<double> retry_pause(const LockRetryPolicy& policy, std::size_t retry, double unit,
                                  std::optional<double> time_left_s);

// What the executor needs to retry a run's lock_timeout failures.
struct LockRetries {
  LockRetryPolicy policy;
  double lock_timeout_s = 0;  // as applied to the session; 0: off
  Deadline deadline;          // the run's (Lambda), if any
  // A number in [0, 1) per call; empty: a seeded std::mt19937_64.
  std::function<double()> random;
  // Every lock_timeout failure of the run, in order (written by the executor).
  std::vector<LockTimeoutEvent> events;

  // The pause before retry `retry`, drawing from `random`; nullopt as
  // retry_pause().
  std::optional<double> next_pause(std::size_t retry);
};

// Sleeps `seconds`, waking every 50 ms to ask `should_stop` (may be empty);
// returns false when it said stop.
bool pause_for(double seconds, const std::function<bool()>& should_stop);

}  // namespace retort::migrator
