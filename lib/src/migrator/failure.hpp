// Turning a failed step into one retort::Error that says what was committed,
// what failed and where (file:line:col from the server's error position), and
// the state the database is left in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrator/session.hpp"
#include "migrator/step_script.hpp"
#include "retort/database.hpp"
#include "retort/migrate.hpp"

namespace retort::migrator {

// Raised inside the executor; converted by throw_run_failure().
struct StepFailure {
  enum class Cause { server, bookkeeping, stopped };
  Cause cause = Cause::server;
  std::optional<ServerError> server_error;
  bool connection_lost = false;
  bool in_commit = false;              // the failure happened while committing earlier steps
  const StepScript* script = nullptr;  // the step whose SQL failed, when known
  std::string sent_sql;                // the text sent when it failed
  std::size_t section_offset = 0;      // where the section starts in sent_sql
  // For autocommit sections: the failing statement's offset in the section.
  std::optional<std::size_t> statement_offset;
  std::string message;  // for bookkeeping / stopped

  static StepFailure server(const QueryFailed& failed, const StepScript* script,
                            std::string sent_sql, std::size_t section_offset, bool in_commit,
                            std::optional<std::size_t> statement_offset = std::nullopt);
  static StepFailure bookkeeping(std::string message);
  static StepFailure stopped(std::string next_step);
};

// How far a run got when it failed, as the executor counted it.
struct FailureProgress {
  std::size_t failed_step = 0;      // index into plan.steps; steps.size(): the final COMMIT
  std::size_t committed_steps = 0;  // leading steps known to be committed
  // The transaction:false section that was running, if any: statements that
  // ran (and stay applied), and how many it has.
  std::size_t autocommitted_statements = 0;
  std::size_t autocommit_statements = 0;
  // Of autocommitted_statements: those an earlier, interrupted run did.
  std::size_t resumed_statements = 0;
  // The section's progress row is durable: the database records it as
  // partially applied until a rerun finishes it or `resolve` settles it.
  bool section_recorded = false;
};

struct FailureContext {
  const RevisionGraph& graph;
  const Plan& plan;
  FailureProgress progress;
  const std::vector<AppliedStep>& applied;
};

// Rolls back what is open, reads the version table again (when the
// connection lives) and throws Error(ErrorKind::migration).
[[noreturn]] void throw_run_failure(Session& session, const StepFailure& failure,
                                    const FailureContext& context);

// A step of a resumable run that the deadline interrupted
// (docs/architecture.md §5.8): when the run had committed something first (a
// step, or a statement of the interrupted transaction:false section) and the
// connection lives, rolls back what is open and returns where the run
// stopped, so that the invocation answers "complete": false and the next one
// starts the step again, or resumes the section (docs/architecture.md §5.7).
// Else nullopt: the failure stands, and throw_run_failure() reports it.
std::optional<RunStop> interrupted_stop(Session& session, const StepFailure& failure,
                                        const FailureContext& context);

}  // namespace retort::migrator
