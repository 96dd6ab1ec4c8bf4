#include "migrator/executor.hpp"

#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <utility>

#include "migrator/failure.hpp"

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

// Runs the steps and keeps the commit accounting: which steps are known to
// be committed when something fails. The SQL pieces say how many statements
// they hold and where they commit (retort_sql.hpp); nothing here looks
// inside the text it sends.
class PlanRunner {
 public:
  PlanRunner(Session& session, const RevisionGraph& graph, ExecutionMode mode, Reporter& reporter,
             std::vector<AppliedStep>& applied)
      : m_session(session),
        m_database(session.database()),
        m_graph(graph),
        m_mode(mode),
        m_reporter(reporter),
        m_applied(applied) {}

  void run(const Plan& plan, const std::vector<StepScript>& scripts,
           const std::function<bool()>& should_stop) {
    m_pending = begin_sql() + create_tables_sql(m_session.names());
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
      if (should_stop && should_stop()) {
        throw StepFailure::stopped(describe_step(m_graph, plan.steps[i], false));
      }
      m_current = i;
      auto started = Clock::now();
      if (scripts[i].transactional) {
        run_transactional(plan.steps[i], scripts[i]);
      } else {
        run_autocommit(plan.steps[i], scripts[i]);
      }
      m_applied.push_back(AppliedStep{
          scripts[i].revision ? scripts[i].revision->id.str() : std::string(),
          plan.steps[i].direction, describe_step(m_graph, plan.steps[i]), elapsed_ms(started)});
      m_reporter.progress(fmt::format("{} ({:.0f} ms)", m_applied.back().description,
                                      m_applied.back().duration_ms));
    }
    m_current = plan.steps.size();  // what fails now is the final COMMIT
    m_pending += commit_sql();
    send_pending();
  }

  FailureProgress progress() const {
    return FailureProgress{.failed_step = m_current,
                           .committed_steps = m_committed,
                           .autocommitted_statements = m_autocommitted,
                           .autocommit_statements = m_autocommit_total};
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

  void run_transactional(const Step& step, const StepScript& script) {
    auto results = send(script.combined(), &script, script.section_offset());
    check_version_rowcounts(results, step, script, m_session.names());
    m_steps_sent = m_current + 1;
    if (m_mode.transaction_per_migration) {
      // The COMMIT rides along with the next round trip.
      m_pending = commit_sql() + begin_sql();
    }
  }

  void run_autocommit(const Step& step, const StepScript& script) {
    // Commit what came before: the section cannot run inside a transaction.
    m_pending += commit_sql();
    send_pending();
    if (!script.prefix.empty()) send(script.prefix.text, nullptr, 0);
    m_autocommit_total = script.statements.size();
    for (const auto& statement : script.statements) {
      try {
        m_database.execute(statement.text);
      } catch (const QueryFailed& failed) {
        throw StepFailure::server(failed, &script, std::string(statement.text), 0, false,
                                  statement.offset);
      }
      ++m_autocommitted;
    }
    // The version row and history row, checked, then committed at once.
    m_pending = begin_sql();
    auto results = send(script.bookkeeping.text, nullptr, 0);
    check_version_rowcounts(results, step, script, m_session.names());
    m_steps_sent = m_current + 1;
    m_pending = commit_sql();
    send_pending();
    m_autocommitted = m_autocommit_total = 0;
    m_pending = begin_sql();
  }

  Session& m_session;
  Database& m_database;
  const RevisionGraph& m_graph;
  ExecutionMode m_mode;
  Reporter& m_reporter;
  std::vector<AppliedStep>& m_applied;
  SqlText m_pending;             // retort's statements that ride along with the next round trip
  std::size_t m_steps_sent = 0;  // leading steps whose statements have all been sent
  std::size_t m_committed = 0;   // leading steps known to be committed
  std::size_t m_current = 0;     // the step running (plan.steps.size(): the final COMMIT)
  // The transaction:false section running: statements done, and in all.
  std::size_t m_autocommitted = 0;
  std::size_t m_autocommit_total = 0;
};

}  // namespace

void execute_plan(Session& session, const RevisionGraph& graph, const Plan& plan,
                  const std::vector<StepScript>& scripts, ExecutionMode mode,
                  const std::function<bool()>& should_stop, Reporter& reporter,
                  std::vector<AppliedStep>& applied) {
  PlanRunner runner(session, graph, mode, reporter, applied);
  std::optional<StepFailure> failure;
  try {
    runner.run(plan, scripts, should_stop);
    return;
  } catch (const StepFailure& step_failure) {
    failure = step_failure;
  }
  FailureContext context{
      .graph = graph, .plan = plan, .progress = runner.progress(), .applied = applied};
  throw_run_failure(session, *failure, context);
}

std::string render_offline_script(const RevisionGraph& graph, const Plan& plan,
                                  const std::vector<StepScript>& scripts, const TableNames& names,
                                  ExecutionMode mode) {
  std::string out = begin_sql().text + "\n" + create_tables_sql(names).text + "\n";
  const std::string begin = begin_sql().text, commit = commit_sql().text;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const auto& script = scripts[i];
    out += "-- " + describe_step(graph, plan.steps[i], false) + "\n\n";
    if (script.transactional) {
      out += script.combined() + "\n";
      if (mode.transaction_per_migration) out += commit + "\n" + begin + "\n";
      continue;
    }
    out += commit + "\n-- transaction:false: each statement runs on its own\n\n";
    out += script.prefix.text;
    for (const auto& statement : script.statements) {
      out += std::string(statement.text) + ";\n";
    }
    out += "\n" + begin + script.bookkeeping.text + commit + "\n" + begin + "\n";
  }
  out += commit;
  return out;
}

}  // namespace retort::migrator
