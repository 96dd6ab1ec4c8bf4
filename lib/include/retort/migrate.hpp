// Running plans against the database (docs/architecture.md §4-§5): upgrade,
// downgrade, stamp, the version rows, check. Each function opens one
// connection (RunOptions::connect), takes retort's advisory lock when it
// changes anything, and reports progress through the Reporter. Offline mode
// (--sql) writes the script that online mode would run to Reporter::output
// instead of connecting. The commands of retort/commands.hpp call these.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/config.hpp"
#include "retort/database.hpp"
#include "retort/lock_wait.hpp"
#include "retort/plan.hpp"
#include "retort/reporter.hpp"
#include "retort/revision_graph.hpp"

namespace retort {

struct RunOptions {
  // --sql: print the script instead of running it. For upgrade and stamp the
  // target may be "start:end"; for downgrade it must be.
  bool offline = false;
  // --wait: retry the first connection this many seconds.
  double wait_s = 0;
  // Called between steps and while waiting for the lock; returning true
  // cancels the run (used for Lambda deadlines). May be empty.
  std::function<bool()> should_stop;
  // Lambda: when set, every wait and timeout is capped to end by then, and a
  // query still running at that point is cancelled; the run then fails with
  // Error(ErrorKind::deadline) saying what was committed.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // Lambda's resumable mode (docs/lambda.md "Resumable runs"): with a
  // deadline, `upgrade` commits per migration and, before each step, starts
  // it only if its expected duration (retort_history, else the settings'
  // estimate) and the margin fit in the time left; otherwise the run ends
  // successfully with RunResult::stopped. A first step that could not fit
  // even a whole invocation throws Error(ErrorKind::step_too_long) before it
  // starts. Ignored without a deadline and by downgrade and stamp.
  std::optional<ResumableSettings> resumable;
  // How to open the connection; empty: PostgreSQL at config.url (tests pass
  // a scripted fake).
  Connector connect;
};

// A transaction:false section that a run started and did not finish: its
// statements commit one by one, so the database holds the first
// statements_done of them while the version table does not record the step
// (docs/architecture.md §5.7). A rerun resumes it; `resolve` settles it.
struct PartialSection {
  std::string revision;
  Direction direction = Direction::upgrade;
  std::size_t statements_done = 0;
  std::size_t statements_total = 0;
  std::string started_at;  // server time, e.g. "2026-12-03 09:14:02 UTC"
  std::string started_by;  // "<role> on <host> pid <pid>" or "<role> on Lambda <function>"

  // "partially applied: <rev> <direction>, statement k of n done, started
  // <when> by <who>"
  std::string describe() const;
};

struct AppliedStep {
  std::string revision;  // empty for a stamp to base
  Direction direction;
  std::string description;  // "Running upgrade a -> b, doc"
  double duration_ms = 0;
};

// Where a resumable run stopped before the end of its plan.
struct RunStop {
  std::size_t remaining_steps = 0;  // not applied, a section part-way through included
  std::string next_revision;        // the revision of the first of them
  std::string reason;               // one line: why the run stopped there
};

struct RunResult {
  std::vector<std::string> rows_before;
  std::vector<std::string> rows_after;
  std::vector<AppliedStep> applied;
  std::vector<std::string> warnings;
  // Nothing to do: seen before locking, or once the lock was held (the run
  // that held it before did the work).
  bool up_to_date = false;
  double duration_ms = 0;
  // The run was scheduled against its deadline (RunOptions::resumable).
  bool resumable = false;
  // Set when a resumable run stopped before the end of its plan; a later run
  // continues from the version table (and the progress row of
  // docs/architecture.md §5.7).
  std::optional<RunStop> stopped;
  // The statements that failed with lock_not_available and were retried
  // (docs/architecture.md §5.11), in order; empty when none waited that long.
  std::vector<LockTimeoutEvent> lock_timeouts;
};

// `upgrade TARGET`. Throws Error(ErrorKind::migration) when a step fails
// (after rolling back what can be rolled back; the message says what was
// committed and the state left), Error(ErrorKind::lock_timeout) when another
// run holds the lock longer than config.lock_wait_s, Error(ErrorKind::target)
// when the database holds revisions no file defines.
RunResult upgrade_database(const Config& config, const RevisionGraph& graph,
                           std::string_view target, const RunOptions& options, Reporter& reporter);

// `downgrade TARGET`. Refused before anything runs when a revision to
// downgrade has no downgrade section.
RunResult downgrade_database(const Config& config, const RevisionGraph& graph,
                             std::string_view target, const RunOptions& options,
                             Reporter& reporter);

// `stamp DEST...` [--purge]: rewrites the version table without running migrations.
RunResult stamp_database(const Config& config, const RevisionGraph& graph,
                         const std::vector<std::string>& destinations, bool purge,
                         const RunOptions& options, Reporter& reporter);

// The version-table rows (empty when the table does not exist); never
// creates anything. Used by `current`, `history -i` and `show current`.
std::vector<std::string> read_version_rows(const Config& config, const RunOptions& options);

struct VersionState {
  std::vector<std::string> rows;          // empty when the table does not exist
  std::optional<PartialSection> partial;  // a section part-way through, if any
};
// The rows and the partial section, if any, in one or two round trips; never
// creates anything. Used by `current`.
VersionState read_version_state(const Config& config, const RunOptions& options);

// `resolve REV --applied|--not-applied`: settles a partially applied section
// by hand after a manual repair. With `applied` the step's version-table
// changes are made as if the section had finished; without, the section is
// recorded as never run. Either way the progress row goes and a history row
// (direction "resolve applied" / "resolve not-applied") says so, in one
// transaction under the lock. Throws Error(ErrorKind::usage) when REV is not
// the revision partially applied (naming the one that is, if any).
RunResult resolve_partial(const Config& config, const RevisionGraph& graph,
                          std::string_view revision, bool applied, const RunOptions& options,
                          Reporter& reporter);

struct DriftedRevision {
  std::string revision;
  std::string recorded_checksum;
  std::string file_checksum;
  std::string path;
};

struct CheckResult {
  std::vector<std::string> rows;
  std::vector<std::string> pending;       // not applied, in upgrade order
  std::vector<std::string> unknown;       // rows no file defines (database ahead)
  std::vector<DriftedRevision> drifted;   // applied files changed since
  std::optional<PartialSection> partial;  // a transaction:false section part-way through
  bool ok() const { return pending.empty() && unknown.empty() && drifted.empty() && !partial; }
};

// `check`: compares the database with the files; never changes anything.
CheckResult check_database(const Config& config, const RevisionGraph& graph,
                           const RunOptions& options);

}  // namespace retort
