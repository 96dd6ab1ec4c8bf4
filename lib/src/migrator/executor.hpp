// Executor: runs the steps of a plan on a locked Session with the configured
// transaction mode, one round trip per transactional step, and turns a
// failure into an Error that says what was committed, what failed and where,
// and the state the database is left in.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "migrator/lock_retry.hpp"
#include "migrator/session.hpp"
#include "migrator/step_schedule.hpp"
#include "migrator/step_script.hpp"
#include "retort/migrate.hpp"
#include "retort/plan.hpp"
#include "retort/reporter.hpp"
#include "retort/revision_graph.hpp"

namespace retort::migrator {

struct ExecutionMode {
  // false: the whole run in one transaction (a transaction:false section
  // commits what came before it); true: one transaction per step.
  bool transaction_per_migration = false;
};

// A transaction:false section part-way through that the plan finishes:
// plan.steps[step] resumes after the statements `progress` records as done.
struct Resume {
  std::size_t step = 0;
  const ProgressRow* progress = nullptr;
};

// Runs `plan` (whose scripts were built by build_step_script, in order).
// Appends one AppliedStep per completed step to `applied`. A transaction:false
// section records its progress (retort_sql.hpp) before its first statement and
// after each; with `resume` its step starts after the statements done, first
// dropping an INVALID index that an interrupted CREATE INDEX CONCURRENTLY of
// the statement to run left behind.
//
// With a `scheduler` (resumable runs, docs/architecture.md §5.8) each step
// starts only when the scheduler says so, and a transaction:false section may
// pause between statements. A stop commits what ran and returns where and
// why; so does a step the deadline interrupted, once rolled back, when this
// run had committed something (a step, or a statement of a section). A
// first step that cannot fit throws Error(ErrorKind::step_too_long) before
// anything is sent.
//
// With `lock_retries` (docs/architecture.md §5.11) a LockWatcher names what
// a waiting statement waits for, and a statement that fails with
// lock_not_available is rolled back and the run goes on from the first step
// not committed (the whole run in one-transaction mode; the failed statement
// of a transaction:false section) after a pause, while the policy and the
// deadline allow; each failure is appended to lock_retries->events and
// reported as a warning. The last one throws Error(ErrorKind::migration)
// naming the lock and its blockers, with the events attached. Returns
// nullopt when every step ran. REQUIRES: the
// session holds the lock and no transaction is open; resume->progress
// outlives the call; `mode` is per migration when there is a scheduler.
std::optional<RunStop> execute_plan(Session& session, const RevisionGraph& graph, const Plan& plan,
                                    const std::vector<StepScript>& scripts, ExecutionMode mode,
                                    const std::optional<Resume>& resume,
                                    const std::function<bool()>& should_stop, Reporter& reporter,
                                    std::vector<AppliedStep>& applied,
                                    StepScheduler* scheduler = nullptr,
                                    LockRetries* lock_retries = nullptr);

// The offline (--sql) rendering of the same plan, as executed by execute_plan.
std::string render_offline_script(const RevisionGraph& graph, const Plan& plan,
                                  const std::vector<StepScript>& scripts, const TableNames& names,
                                  ExecutionMode mode);

}  // namespace retort::migrator
