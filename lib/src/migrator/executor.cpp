#include "migrator/executor.hpp"

#include <fmt/format.h>

#include <chrono>
#include <optional>

#include "migrator/failure.hpp"

namespace retort::migrator {
namespace {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

// Checks that every UPDATE/DELETE of the version table hit exactly one row
// (Alembic's rule). `results` ends with the step's bookkeeping statements.
void check_version_rowcounts(const std::vector<postgres::StatementResult>& results,
                             const Step& step, const StepScript& script, const TableNames& names) {
  std::size_t tail = names.history_table.empty() ? 0 : 1;
  if (results.size() < tail + script.version_statements) return;
  std::size_t first = results.size() - tail - script.version_statements;
  for (std::size_t k = 0; k < step.changes.size(); ++k) {
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

class PlanRunner {
 public:
  PlanRunner(Session& session, const RevisionGraph& graph, ExecutionMode mode, Reporter& reporter,
             std::vector<AppliedStep>& applied)
      : m_session(session),
        m_conn(session.connection()),
        m_graph(graph),
        m_mode(mode),
        m_reporter(reporter),
        m_applied(applied) {}

  void run(const Plan& plan, const std::vector<StepScript>& scripts,
           const std::function<bool()>& should_stop) {
    m_pending = "BEGIN;\n" + create_tables_sql(m_session.names());
    m_pending_statements = count_statements(m_pending);
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
    m_conn.execute(m_pending + "COMMIT;\n");
    m_pending.clear();
    m_committed = m_applied.size();
  }

  std::size_t committed() const { return m_committed; }
  std::size_t current() const { return m_current; }
  // Statements of the running transaction:false section that already ran.
  std::size_t autocommitted_statements() const { return m_autocommitted; }

 private:
  static std::size_t count_statements(std::string_view sql) {
    std::size_t n = 0;
    for (char c : sql) n += c == ';' ? 1 : 0;
    return n;
  }

  // Sends m_pending + `body` in one round trip; maps a failure to the step
  // or, when it happened inside m_pending (a COMMIT), to the earlier steps.
  std::vector<postgres::StatementResult> send(const std::string& body, const StepScript* script,
                                              std::size_t section_offset_in_body) {
    std::string sql = m_pending + body;
    std::size_t prefix_statements = m_pending_statements;
    bool prefix_commits = m_pending.find("COMMIT") != std::string::npos;
    std::size_t offset = m_pending.size() + section_offset_in_body;
    m_pending.clear();
    m_pending_statements = 0;
    try {
      auto results = m_conn.execute(sql);
      if (prefix_commits) m_committed = m_applied.size();
      return results;
    } catch (const postgres::QueryFailed& failed) {
      if (prefix_commits && failed.completed().size() >= prefix_statements) {
        m_committed = m_applied.size();
      }
      if (failed.completed().size() < prefix_statements) {
        throw StepFailure::server(failed, nullptr, sql, 0, /*in_commit=*/prefix_commits);
      }
      throw StepFailure::server(failed, script, sql, offset, false);
    }
  }

  void run_transactional(const Step& step, const StepScript& script) {
    auto results = send(script.combined(), &script, script.section_offset());
    check_version_rowcounts(results, step, script, m_session.names());
    if (m_mode.transaction_per_migration) {
      // The COMMIT rides along with the next round trip.
      m_pending = "COMMIT;\nBEGIN;\n";
      m_pending_statements = 2;
    }
  }

  void run_autocommit(const Step& step, const StepScript& script) {
    // Commit what came before: the section cannot run inside a transaction.
    send("COMMIT;\n", nullptr, 0);
    m_committed = m_applied.size();
    if (!script.prefix.empty()) m_conn.execute(script.prefix);
    for (const auto& statement : script.statements) {
      try {
        m_conn.execute(statement.text);
      } catch (const postgres::QueryFailed& failed) {
        throw StepFailure::server(failed, &script, std::string(statement.text), 0, false,
                                  statement.offset);
      }
      ++m_autocommitted;
    }
    m_autocommitted = 0;
    auto results = send("BEGIN;\n" + script.bookkeeping, nullptr, 0);
    check_version_rowcounts(results, step, script, m_session.names());
    m_conn.execute("COMMIT");
    m_committed = m_applied.size() + 1;
    m_pending = "BEGIN;\n";
    m_pending_statements = 1;
  }

 private:
  Session& m_session;
  postgres::Connection& m_conn;
  const RevisionGraph& m_graph;
  ExecutionMode m_mode;
  Reporter& m_reporter;
  std::vector<AppliedStep>& m_applied;
  std::string m_pending;  // statements that ride along with the next round trip
  std::size_t m_pending_statements = 0;
  std::size_t m_committed = 0;  // steps of m_applied known to be committed
  std::size_t m_current = 0;
  std::size_t m_autocommitted = 0;  // statements of an autocommit section that ran
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
  } catch (const postgres::QueryFailed& failed) {
    // A bookkeeping statement outside any step's SQL (e.g. the final COMMIT).
    failure = StepFailure::server(failed, nullptr, "", 0, false);
  }
  FailureContext context{.graph = graph,
                         .plan = plan,
                         .failed_step = runner.current(),
                         .committed_steps = std::min(runner.committed(), applied.size()),
                         .autocommitted_statements = runner.autocommitted_statements(),
                         .applied = applied};
  throw_run_failure(session, *failure, context);
}

std::string render_offline_script(const RevisionGraph& graph, const Plan& plan,
                                  const std::vector<StepScript>& scripts, const TableNames& names,
                                  ExecutionMode mode) {
  std::string out = "BEGIN;\n\n" + create_tables_sql(names) + "\n";
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const auto& script = scripts[i];
    out += "-- " + describe_step(graph, plan.steps[i], false) + "\n\n";
    if (script.transactional) {
      out += script.combined() + "\n";
      if (mode.transaction_per_migration) out += "COMMIT;\n\nBEGIN;\n\n";
      continue;
    }
    out += "COMMIT;\n\n-- transaction:false: each statement runs on its own\n\n";
    out += script.prefix;
    for (const auto& statement : script.statements) {
      out += std::string(statement.text) + ";\n";
    }
    out += "\nBEGIN;\n" + script.bookkeeping + "COMMIT;\n\nBEGIN;\n\n";
  }
  out += "COMMIT;\n";
  return out;
}

}  // namespace retort::migrator
