// A step that failed with lock_not_available (docs/architecture.md §5.11):
// recognising it, the LockTimeoutEvent that reports it, and the Error of a
// run whose retries ran out.
#pragma once

#include <vector>

#include "migrator/failure.hpp"
#include "migrator/lock_retry.hpp"
#include "migrator/lock_watch.hpp"
#include "migrator/session.hpp"

namespace retort::migrator {

// A server error with SQLSTATE 55P03 on a connection that lives, outside a
// COMMIT: the transaction (or the autocommit statement) was rolled back and
// the same text may be sent again.
bool is_lock_timeout(const StepFailure& failure);

// The event for `failure` on try `attempt` (1 for the first), with what the
// watcher saw during the wait; retry_in_s unset.
LockTimeoutEvent lock_timeout_event(const StepFailure& failure, LockObservation seen,
                                    const LockRetries& retries, std::size_t attempt);

// Rolls back the aborted transaction, if one is open, before a retry.
// Throws QueryFailed when the ROLLBACK fails.
void roll_back_for_retry(Session& session);

// throw_run_failure()'s Error(ErrorKind::migration) with the last of
// `events` named in its message (the lock, its blockers, how many tries),
// a hint about the blocker and lock_retries, and `events` attached
// (Error::lock_timeouts()). REQUIRES: events is not empty.
[[noreturn]] void throw_lock_failure(Session& session, const StepFailure& failure,
                                     const FailureContext& context,
                                     const std::vector<LockTimeoutEvent>& events);

}  // namespace retort::migrator
