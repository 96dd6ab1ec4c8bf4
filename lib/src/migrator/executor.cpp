#include "migrator/executor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

#include "migrator/checksum.hpp"
#include "migrator/failure.hpp"
#include "migrator/index_build.hpp"
#include "migrator/lock_failure.hpp"
#include "migrator/lock_watch.hpp"

namespace retort::migrator {
namespace {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

// Checks that every UPDATE/DELETE of the version table hit exactly one row
// (Alembic's rule). `results` ends with the step's bookkeeping statements,
// whose first script.version_statements touch the version table.
void check_version_rowcounts(const std::vector<StatementResult>& results, const Step& step,
                             const StepScript& script, const TableNames& names) {
  if (results.size() < script.bookkeeping.statements) return;
  std::size_t first = results.size() - script.bookkeeping.statements;
  for (std::size_t k = 0; k < step.changes.size() && k < script.version_statements; ++k) {
    const auto& change = step.changes[k];
    long affected = results[first + k].affected;
    if (change.op == VersionChange::Op::insert || affected == 1) continue;
    std::string what = change.op == VersionChange::Op::update
                           ? fmt::format("updating '{}' to '{}'", change.from, change.to)
                           : fmt::format("deleting '{}'", change.from);
    throw StepFailure::bookkeeping(fmt::format(
        "expected to match one row when {} in {}; {} found (was the version table changed "
        "while retort ran?)",
        what, names.qualified_version(), affected));
  }
}

// Whether a step runs a transaction:false section, which records progress.
bool needs_progress_table(const std::vector<StepScript>& scripts) {
  for (const auto& script : scripts) {
    if (!script.transactional) return true;
  }
  return false;
}

// Runs the steps and keeps the commit accounting: which steps are known to
// be committed when something fails. The SQL pieces say how many statements
// they hold and where they commit (retort_sql.hpp); nothing here looks
// inside the text it sends.
class PlanRunner {
 public:
  // `database` is the session's, or a LockWatcher's view of it.
  PlanRunner(Session& session, Database& database, const RevisionGraph& graph, ExecutionMode mode,
             const std::optional<Resume>& resume, Reporter& reporter,
             std::vector<AppliedStep>& applied, StepScheduler* scheduler)
      : m_session(session),
        m_database(database),
        m_graph(graph),
        m_mode(mode),
        m_resume(resume),
        m_reporter(reporter),
        m_applied(applied),
        m_scheduler(scheduler) {}

  // Runs plan.steps from `first` on: the steps before it are committed (a
  // retry after a lock_timeout, docs/architecture.md §5.11).
  std::optional<RunStop> run(const Plan& plan, const std::vector<StepScript>& scripts,
                             const std::function<bool()>& should_stop, std::size_t first) {
    m_steps_sent = m_committed = first;
    m_pending = begin() + create_tables_sql(m_session.names());
    if (needs_progress_table(scripts)) m_pending += create_progress_table_sql(m_session.names());
    std::optional<RunStop> stop;
    for (std::size_t i = first; i < plan.steps.size() && !stop; ++i) {
      if (m_scheduler && (stop = schedule(plan, scripts, i))) break;
      if (should_stop && should_stop()) {
        throw StepFailure::stopped(describe_step(m_graph, plan.steps[i], false));
      }
      m_current = i;
      auto started = Clock::now();
      if (scripts[i].transactional) {
        run_transactional(plan.steps[i], scripts[i]);
      } else if (auto paused = run_autocommit(plan.steps[i], scripts[i])) {
        // Nothing is open: the section's statements committed one by one.
        const StepSituation& last = m_scheduler->last_situation();
        return RunStop{
            plan.steps.size() - i, scripts[i].revision->id.str(),
            fmt::format("paused `{}` after statement {} of {}: its longest statement took {:.1f} s "
                        "and with a safety margin of {:.1f} s would not fit in the {:.1f} s left "
                        "before the deadline; a later run resumes at statement {}",
                        step_text(plan.steps[i]), *paused, scripts[i].statements.size(),
                        last.estimate.seconds, last.margin_s, std::max(0.0, last.time_left_s),
                        *paused + 1)};
      }
      m_applied.push_back(AppliedStep{
          scripts[i].revision ? scripts[i].revision->id.str() : std::string(),
          plan.steps[i].direction, describe_step(m_graph, plan.steps[i]), elapsed_ms(started)});
      m_reporter.progress(fmt::format("{} ({:.0f} ms)", m_applied.back().description,
                                      m_applied.back().duration_ms));
      if (m_scheduler) m_scheduler->step_finished(m_applied.back().duration_ms / 1000);
    }
    m_current = plan.steps.size();  // what fails now is the final COMMIT
    m_pending += commit_sql();
    send_pending();
    return stop;
  }

  FailureProgress progress() const {
    return FailureProgress{.failed_step = m_current,
                           .committed_steps = m_committed,
                           .autocommitted_statements = m_autocommitted,
                           .autocommit_statements = m_autocommit_total,
                           .resumed_statements = m_resumed,
                           .section_recorded = m_section_recorded};
  }

 private:
  // Sends m_pending followed by `body` in one round trip. `script` is the
  // step whose section `body` holds at `section_offset` (null for retort's
  // own SQL). A COMMIT in m_pending covers every step sent before it.
  std::vector<StatementResult> send(const std::string& body, const StepScript* script,
                                    std::size_t section_offset) {
    const SqlText pending = std::exchange(m_pending, SqlText{});
    const std::string sql = pending.text + body;
    try {
      auto results = m_database.execute(sql);
      if (pending.first_commit) m_committed = m_steps_sent;
      return results;
    } catch (const QueryFailed& failed) {
      const std::size_t done = failed.completed().size();
      if (pending.first_commit && done > *pending.first_commit) m_committed = m_steps_sent;
      if (done < pending.statements) {
        // One of retort's own statements before the step failed.
        bool in_commit = pending.first_commit && done == *pending.first_commit;
        throw StepFailure::server(failed, nullptr, sql, 0, in_commit);
      }
      throw StepFailure::server(failed, script, sql, pending.text.size() + section_offset, false);
    }
  }

  std::vector<StatementResult> send_pending() { return send(std::string(), nullptr, 0); }

  // "upgrade a -> b"
  std::string step_text(const Step& step) const {
    std::string text = describe_step(m_graph, step, false);
    if (text.starts_with("Running ")) text.erase(0, 8);
    return text;
  }

  // Asks the scheduler about step i: nullopt to run it, or where the run
  // stops. A first step that cannot fit throws before anything was sent.
  std::optional<RunStop> schedule(const Plan& plan, const std::vector<StepScript>& scripts,
                                  std::size_t i) {
    const StepScript& script = scripts[i];
    const std::string revision = script.revision ? script.revision->id.str() : std::string();
    switch (m_scheduler->before_step(revision, !script.transactional)) {
      case StepDecision::start:
        return std::nullopt;
      case StepDecision::stop:
        return RunStop{plan.steps.size() - i, revision,
                       fmt::format("stopped before `{}`: {}", step_text(plan.steps[i]),
                                   m_scheduler->last_decision_text())};
      case StepDecision::cannot_fit:
        break;
    }
    throw m_scheduler->cannot_fit_error(step_text(plan.steps[i]), *script.revision);
  }

  void run_transactional(const Step& step, const StepScript& script) {
    auto results = send(script.combined(), &script, script.section_offset());
    check_version_rowcounts(results, step, script, m_session.names());
    m_steps_sent = m_current + 1;
    if (m_mode.transaction_per_migration) {
      // The COMMIT rides along with the next round trip.
      m_pending = commit_sql() + begin();
    }
  }

  // Runs a transaction:false section. Returns the statements done when the
  // scheduler paused it before the next one (its progress row stays; nothing
  // is open), else nullopt once its version row is committed.
  std::optional<std::size_t> run_autocommit(const Step& step, const StepScript& script) {
    const TableNames& names = m_session.names();
    // Commit what came before: the section cannot run inside a transaction.
    m_pending += commit_sql();
    send_pending();
    const bool resuming = m_resume && m_resume->step == m_current;
    const std::size_t first = resuming ? m_resume->progress->section.statements_done : 0;
    if (resuming) {
      const auto& section = m_resume->progress->section;
      std::string what = describe_step(m_graph, step, false);
      if (what.starts_with("Running ")) what.erase(0, 8);
      if (script.checksum != m_resume->progress->section_checksum) {
        m_reporter.warning(fmt::format(
            "the section of {} changed after statement {} since it started; the statements "
            "that ran are unchanged, so the rest runs with the new text",
            script.revision->id.str(), first));
      }
      m_reporter.progress(fmt::format("Resuming {} at statement {} of {} (started {} by {})", what,
                                      first + 1, script.statements.size(), section.started_at,
                                      section.started_by));
    } else {
      send(progress_start_sql(names, progress_start(step, script)).text, nullptr, 0);
    }
    m_section_recorded = true;
    m_autocommit_total = script.statements.size();
    m_autocommitted = m_resumed = first;
    // The step's start time, kept client-side: behind a pooler the next
    // transaction may run in another server session.
    std::string started_at;
    if (!script.prefix.empty()) {
      auto results = send(script.prefix.text, nullptr, 0);
      if (!results.empty() && !results[0].rows.empty() && results[0].rows[0][0]) {
        started_at = *results[0].rows[0][0];
      }
    }
    const SqlText guard = m_session.statement_guard();
    double longest_s = 0;  // of the statements this run ran
    for (std::size_t i = first; i < script.statements.size(); ++i) {
      const auto& statement = script.statements[i];
      if (m_scheduler && i > first && m_scheduler->pause_before_statement(longest_s)) return i;
      if (!guard.empty()) send(guard.text, nullptr, 0);
      if (resuming && i == first) drop_invalid_index(statement.text);
      const auto statement_started = Clock::now();
      try {
        m_database.execute(statement.text);
      } catch (const QueryFailed& failed) {
        throw StepFailure::server(failed, &script, std::string(statement.text), 0, false,
                                  statement.offset);
      }
      longest_s = std::max(longest_s, elapsed_ms(statement_started) / 1000);
      ++m_autocommitted;
      send(progress_advance_sql(names, i + 1, statements_checksum(script.statements, i + 1)).text,
           nullptr, 0);
    }
    // The progress row goes, the version row and history row come, checked,
    // then committed at once.
    m_pending = begin() + progress_clear_sql(names);
    if (!started_at.empty()) m_pending += step_started_at_sql(started_at);
    auto results = send(script.bookkeeping.text, nullptr, 0);
    check_version_rowcounts(results, step, script, names);
    m_steps_sent = m_current + 1;
    m_pending = commit_sql();
    send_pending();
    m_autocommitted = m_autocommit_total = m_resumed = 0;
    m_section_recorded = false;
    m_pending = begin();
    return std::nullopt;
  }

  // BEGIN and what the session puts at the start of every transaction (the
  // lease guard, timeouts behind a pooler).
  SqlText begin() const { return begin_sql() + m_session.transaction_guard(); }

  ProgressStart progress_start(const Step& step, const StepScript& script) const {
    return ProgressStart{.revision = script.revision->id.str(),
                         .direction = step.direction,
                         .section_checksum = script.checksum,
                         .statements = script.statements.size(),
                         .version_changes = encode_version_changes(step.changes),
                         .client = client_identity()};
  }

  // An interrupted CREATE INDEX CONCURRENTLY leaves an INVALID index of its
  // name behind, which would make the statement fail (or, with IF NOT
  // EXISTS, silently keep the unusable index): drop it before building again.
  void drop_invalid_index(std::string_view statement) {
    auto build = parse_concurrent_index_build(statement);
    if (!build) return;
    try {
      auto rows = query_rows(m_database, invalid_index_sql(build->index_name, build->table));
      if (rows.empty() || !rows[0][0]) return;
      m_database.execute(drop_index_concurrently_sql(*rows[0][0]));
      m_reporter.warning(fmt::format(
          "dropped the INVALID index {} that the interrupted CREATE INDEX CONCURRENTLY left "
          "behind; building it again",
          *rows[0][0]));
    } catch (const QueryFailed& failed) {
      throw StepFailure::server(failed, nullptr, std::string(statement), 0, false);
    }
  }

  Session& m_session;
  Database& m_database;
  const RevisionGraph& m_graph;
  ExecutionMode m_mode;
  const std::optional<Resume>& m_resume;
  Reporter& m_reporter;
  std::vector<AppliedStep>& m_applied;
  StepScheduler* m_scheduler;    // resumable runs; null: every step runs
  SqlText m_pending;             // retort's statements that ride along with the next round trip
  std::size_t m_steps_sent = 0;  // leading steps whose statements have all been sent
  std::size_t m_committed = 0;   // leading steps known to be committed
  std::size_t m_current = 0;     // the step running (plan.steps.size(): the final COMMIT)
  // The transaction:false section running: statements done, and in all.
  std::size_t m_autocommitted = 0;
  std::size_t m_autocommit_total = 0;
  std::size_t m_resumed = 0;        // of m_autocommitted: done by an earlier run
  bool m_section_recorded = false;  // its progress row is durable
};

}  // namespace

std::optional<RunStop> execute_plan(Session& session, const RevisionGraph& graph, const Plan& plan,
                                    const std::vector<StepScript>& scripts, ExecutionMode mode,
                                    const std::optional<Resume>& resume,
                                    const std::function<bool()>& should_stop, Reporter& reporter,
                                    std::vector<AppliedStep>& applied, StepScheduler* scheduler,
                                    LockRetries* lock_retries) {
  std::optional<LockWatcher> watcher;
  if (lock_retries) {
    watcher.emplace(
        session.database(), reporter,
        LockWatchSettings{session.reconnect(), session.pooled() ? 0 : session.backend_pid(),
                          lock_retries->lock_timeout_s});
  }
  Database& database = watcher ? watcher->database() : session.database();
  Reporter& out = watcher ? watcher->reporter() : reporter;
  std::optional<Resume> current_resume = resume;
  std::optional<ProgressRow> reread;  // the progress row a retry resumes from
  std::size_t first = 0;
  for (std::size_t attempt = 1;; ++attempt) {
    PlanRunner runner(session, database, graph, mode, current_resume, out, applied, scheduler);
    std::optional<StepFailure> failure;
    try {
      return runner.run(plan, scripts, should_stop, first);
    } catch (const StepFailure& step_failure) {
      failure = step_failure;
    }
    FailureContext context{
        .graph = graph, .plan = plan, .progress = runner.progress(), .applied = applied};
    if (scheduler && scheduler->deadline_passed()) {
      if (auto stop = interrupted_stop(session, *failure, context)) {
        applied.resize(std::min(applied.size(), context.progress.committed_steps));
        return stop;
      }
    }
    if (!lock_retries || !is_lock_timeout(*failure) || session.lock_lost()) {
      throw_run_failure(session, *failure, context);
    }
    // docs/architecture.md §5.11: roll back, then run again from the first
    // step not committed; a transaction:false section resumes at its
    // failed statement.
    LockTimeoutEvent event =
        lock_timeout_event(*failure, watcher->last_observation(), *lock_retries, attempt);
    event.retry_in_s = lock_retries->next_pause(attempt);
    if (should_stop && should_stop()) event.retry_in_s.reset();
    lock_retries->events.push_back(event);
    if (!event.retry_in_s) throw_lock_failure(session, *failure, context, lock_retries->events);
    out.warning(event.describe());
    roll_back_for_retry(session);
    first = context.progress.committed_steps;
    applied.resize(std::min(applied.size(), first));
    if (context.progress.section_recorded) {
      reread = session.read_state().progress;
      if (reread) current_resume = Resume{first, &*reread};
    }
    if (!pause_for(*event.retry_in_s, should_stop)) {
      const FailureProgress stopped_at{.failed_step = first, .committed_steps = first};
      throw_run_failure(session,
                        StepFailure::stopped(describe_step(graph, plan.steps[first], false)),
                        FailureContext{graph, plan, stopped_at, applied});
    }
  }
}

std::string render_offline_script(const RevisionGraph& graph, const Plan& plan,
                                  const std::vector<StepScript>& scripts, const TableNames& names,
                                  ExecutionMode mode) {
  std::string out = begin_sql().text + "\n" + create_tables_sql(names).text;
  if (needs_progress_table(scripts)) out += create_progress_table_sql(names).text;
  out += "\n";
  const std::string begin = begin_sql().text, commit = commit_sql().text;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const auto& script = scripts[i];
    const auto& step = plan.steps[i];
    out += "-- " + describe_step(graph, step, false) + "\n\n";
    if (script.transactional) {
      out += script.combined() + "\n";
      if (mode.transaction_per_migration) out += commit + "\n" + begin + "\n";
      continue;
    }
    out += commit +
           "\n-- transaction:false: each statement runs on its own; its progress is recorded\n\n";
    out += progress_start_sql(names,
                              ProgressStart{.revision = script.revision->id.str(),
                                            .direction = step.direction,
                                            .section_checksum = script.checksum,
                                            .statements = script.statements.size(),
                                            .version_changes = encode_version_changes(step.changes),
                                            .client = "psql (retort --sql)"})
               .text;
    out += script.prefix.text;
    for (std::size_t k = 0; k < script.statements.size(); ++k) {
      out += std::string(script.statements[k].text) + ";\n";
      out += progress_advance_sql(names, k + 1, statements_checksum(script.statements, k + 1)).text;
    }
    out += "\n" + begin + progress_clear_sql(names).text + script.bookkeeping.text + commit + "\n" +
           begin + "\n";
  }
  out += commit;
  return out;
}

}  // namespace retort::migrator
