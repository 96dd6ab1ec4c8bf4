// Resumable runs (docs/lambda.md "Resumable runs", docs/architecture.md §5.8):
// whether the next step of a plan may start in the time left before the
// run's deadline, judged from what the step is expected to take.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "migrator/retort_sql.hpp"
#include "retort/config.hpp"
#include "retort/database.hpp"
#include "retort/error.hpp"
#include "retort/revision.hpp"

namespace retort::migrator {

// What a step is expected to take.
struct StepEstimate {
  double seconds = 0;
  // From the revision's last upgrade in the history table; false: a guess
  // (ResumableSettings::step_estimate_s, or the longest step of this run).
  bool from_history = false;
};

enum class StepDecision {
  start,       // it fits in the time left
  stop,        // leave it to a later invocation
  cannot_fit,  // not even a fresh invocation has the time: fail before it starts
};

struct StepSituation {
  double time_left_s = 0;  // until the run's deadline
  // What a fresh invocation would have for this step: time_left_s plus the
  // time this one spent waiting for retort's lock.
  double fresh_time_s = 0;
  double margin_s = 0;  // safety_margin() of the estimate
  StepEstimate estimate;
  bool first = false;  // no step has started in this invocation yet
  // A transaction:false section: it commits statement by statement, so a
  // later invocation resumes it where this one left it
  // (docs/architecture.md §5.7).
  bool splittable = false;
};

// start when estimate + margin <= time_left_s. Otherwise a step after the
// first stops. The first step stops when it would fit a fresh invocation (this
// one lost time waiting for the lock); else it is cannot_fit when the
// estimate comes from history and the step is not splittable, and start
// otherwise (a guess is no reason to refuse, and a section advances statement
// by statement). Pure: no clock, no I/O.
StepDecision decide_step(const StepSituation& situation);

// settings.step_margin_s plus a quarter of the estimate: a step may run slower
// than it did last time.
double safety_margin(const ResumableSettings& settings, double estimate_s);

// The last recorded upgrade duration of each revision, in milliseconds, from
// the history table (rows with a duration only). Empty when history is off or
// the table does not exist yet. REQUIRES: no transaction is open. Throws
// QueryFailed for other failures.
std::map<std::string, double> read_upgrade_durations(Database& database, const TableNames& names);

// The schedule of one resumable run: estimates each step, decides with
// decide_step(), and words the decision for the run's answer.
class StepScheduler {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // `recorded_ms`: read_upgrade_durations(). `lock_waited_s`: how long this
  // run waited for retort's lock (time a fresh invocation would have).
  StepScheduler(ResumableSettings settings, Clock::time_point deadline,
                std::map<std::string, double> recorded_ms, double lock_waited_s,
                Now now = Clock::now);

  // Before each step, in plan order; `revision` is the id of the revision
  // whose section runs.
  StepDecision before_step(const std::string& revision, bool splittable);
  // After a step ran for `seconds`: it sets the estimate of later steps that
  // have no history, when it is the longest so far.
  void step_finished(double seconds);
  // Before a statement of a transaction:false section, once this run has run
  // one of its statements: true when the longest of them so far, with its
  // margin, no longer fits (the run stops; a later one resumes there).
  bool pause_before_statement(double longest_statement_s);
  // True once the deadline has passed.
  bool deadline_passed() const;

  // The numbers behind the last decision, e.g. "expected to take 3.0 s (its
  // last upgrade in the history table) plus a safety margin of 2.8 s; 4.1 s
  // left before the deadline".
  std::string last_decision_text() const;
  // The inputs of the last decision.
  const StepSituation& last_situation() const { return m_last; }
  // Error(ErrorKind::step_too_long) for a cannot_fit decision on `step_text`
  // ("upgrade a -> b") of `revision`, located at its file, naming the
  // estimate, the time available and the ways out (lambda_ways_out()).
  Error cannot_fit_error(const std::string& step_text, const Revision& revision) const;

 private:
  StepEstimate estimate(const std::string& revision) const;
  double time_left_s() const;

  ResumableSettings m_settings;
  Clock::time_point m_deadline;
  std::map<std::string, double> m_recorded_ms;
  double m_lock_waited_s = 0;
  Now m_now;
  std::size_t m_started = 0;    // steps started by this run
  double m_longest_step_s = 0;  // of the steps this run finished
  StepSituation m_last;         // the last decision's inputs
};

}  // namespace retort::migrator
