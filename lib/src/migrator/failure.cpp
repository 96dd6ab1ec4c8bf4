#include "migrator/failure.hpp"

#include <fmt/format.h>

#include "sql/error_position.hpp"
#include "sql/text_position.hpp"

namespace retort::migrator {

StepFailure StepFailure::server(const QueryFailed& failed, const StepScript* script,
                                std::string sent_sql, std::size_t section_offset, bool in_commit,
                                std::optional<std::size_t> statement_offset) {
  StepFailure f;
  f.cause = Cause::server;
  f.server_error = failed.error();
  f.connection_lost = failed.connection_lost();
  f.in_commit = in_commit;
  f.script = script;
  f.sent_sql = std::move(sent_sql);
  f.section_offset = section_offset;
  f.statement_offset = statement_offset;
  return f;
}

StepFailure StepFailure::bookkeeping(std::string message) {
  StepFailure f;
  f.cause = Cause::bookkeeping;
  f.message = std::move(message);
  return f;
}

StepFailure StepFailure::stopped(std::string next_step) {
  StepFailure f;
  f.cause = Cause::stopped;
  f.message = fmt::format("stopped before `{}`: the time limit is near", next_step);
  return f;
}

namespace {

std::optional<SourceLocation> locate(const StepFailure& failure) {
  if (failure.script == nullptr || failure.script->section == nullptr) return std::nullopt;
  const Revision& revision = *failure.script->revision;
  const Section& section = *failure.script->section;
  int position = failure.server_error ? failure.server_error->position : 0;
  if (failure.statement_offset) {
    // An autocommit statement: sent_sql is the statement alone.
    auto start = sql::rebase_position(sql::line_column_at(section.sql, *failure.statement_offset),
                                      sql::LineColumn{section.first_line, 1});
    if (position <= 0) return SourceLocation{revision.path, start.line, 0};
    return sql::map_server_position(failure.sent_sql, position, 0, failure.sent_sql.size(),
                                    revision.path, start.line, start.column);
  }
  if (position <= 0) return SourceLocation{revision.path, section.first_line, 0};
  return sql::map_server_position(failure.sent_sql, position, failure.section_offset,
                                  section.sql.size(), revision.path, section.first_line, 1);
}

std::string join_ids(const std::vector<std::string>& ids) {
  if (ids.empty()) return "(empty)";
  return fmt::format("{}", fmt::join(ids, ", "));
}

}  // namespace

std::optional<RunStop> interrupted_stop(Session& session, const StepFailure& failure,
                                        const FailureContext& context) {
  const FailureProgress& progress = context.progress;
  const auto& steps = context.plan.steps;
  const bool section_advanced = progress.autocommitted_statements > progress.resumed_statements;
  if (failure.cause != StepFailure::Cause::server || failure.connection_lost ||
      (progress.committed_steps == 0 && !section_advanced) ||
      progress.committed_steps >= steps.size()) {
    return std::nullopt;
  }
  auto& database = session.database();
  try {
    if (!database.is_alive()) return std::nullopt;
    if (database.in_transaction()) database.execute(rollback_sql());
  } catch (const QueryFailed&) {
    return std::nullopt;
  }
  const Step& next = steps[progress.committed_steps];
  std::string step_text = describe_step(context.graph, next, false);
  if (step_text.starts_with("Running ")) step_text.erase(0, 8);
  std::string reason;
  if (progress.section_recorded &&
      progress.autocommitted_statements < progress.autocommit_statements) {
    reason = fmt::format(
        "the deadline interrupted `{}` after statement {} of {}; a later run resumes at statement "
        "{}",
        step_text, progress.autocommitted_statements, progress.autocommit_statements,
        progress.autocommitted_statements + 1);
  } else if (progress.section_recorded) {
    reason = fmt::format(
        "the deadline interrupted `{}` after all of its statements ran; a later run records its "
        "version row",
        step_text);
  } else {
    reason = fmt::format(
        "the deadline interrupted `{}`, which was rolled back; a later run starts it again",
        step_text);
  }
  return RunStop{steps.size() - progress.committed_steps,
                 next.revision ? context.graph.id(*next.revision) : std::string(), reason};
}

void throw_run_failure(Session& session, const StepFailure& failure,
                       const FailureContext& context) {
  auto& database = session.database();
  const FailureProgress& progress = context.progress;
  std::string state;
  if (database.is_alive()) {
    try {
      if (database.in_transaction()) database.execute(rollback_sql());
      auto rows = session.read_rows();
      state = rows ? join_ids(*rows) : "no version table";
    } catch (...) {
      state = "unknown (the database could not be read after the failure)";
    }
  } else {
    state = "unknown: the connection was lost; run `retort current` to see it";
  }

  const bool final_commit = progress.failed_step >= context.plan.steps.size();
  std::string step_text =
      final_commit ? std::string("the run")
                   : describe_step(context.graph, context.plan.steps[progress.failed_step], false);
  // "Running upgrade a -> b" reads better as "upgrade a -> b" in an error.
  if (step_text.starts_with("Running ")) step_text.erase(0, 8);
  // The headline, then detail lines that each start with two spaces. The
  // SQLSTATE is not part of the message: Error::sqlstate() carries it.
  std::string what;
  switch (failure.cause) {
    case StepFailure::Cause::server: {
      const auto& e = *failure.server_error;
      if (failure.in_commit && final_commit) {
        what = fmt::format("committing the run failed: {}", e.message);
      } else if (failure.in_commit) {
        what = fmt::format("committing the steps before `{}` failed: {}", step_text, e.message);
      } else {
        what = fmt::format("{} failed: {}", step_text, e.message);
      }
      if (!e.detail.empty()) what += fmt::format("\n  DETAIL: {}", e.detail);
      if (!e.hint.empty()) what += fmt::format("\n  HINT: {}", e.hint);
      if (failure.connection_lost) what += "\n  the connection to the server was lost";
      break;
    }
    case StepFailure::Cause::bookkeeping:
      what = fmt::format("{} failed: {}", step_text, failure.message);
      break;
    case StepFailure::Cause::stopped:
      what = failure.message;
      break;
  }

  std::vector<std::string> committed;
  for (std::size_t i = 0; i < progress.committed_steps && i < context.applied.size(); ++i) {
    committed.push_back(context.applied[i].revision);
  }
  if (progress.section_recorded || progress.autocommitted_statements > 0) {
    // Statements of a transaction:false section commit one by one: they
    // stay applied whatever happens to the transaction around them.
    what += committed.empty()
                ? "\n  committed before the failure: nothing before this step"
                : fmt::format("\n  committed before the failure: {}", join_ids(committed));
    const std::size_t done = progress.autocommitted_statements;
    if (done >= progress.autocommit_statements) {
      what += fmt::format(
          "\n  all {} statement(s) of this transaction:false section ran and stay applied; "
          "its version row was not recorded",
          progress.autocommit_statements);
    } else {
      what += fmt::format(
          "\n  {} of {} statement(s) of this transaction:false section ran and stay applied", done,
          progress.autocommit_statements);
    }
    if (progress.resumed_statements > 0) {
      what += fmt::format(" ({} of them in an earlier run)", progress.resumed_statements);
    }
    if (progress.section_recorded && done >= progress.autocommit_statements) {
      what +=
          "\n  recorded as partially applied: running the command again records its version row "
          "without running the statements again";
    } else if (progress.section_recorded) {
      what += fmt::format(
          "\n  recorded as partially applied: running the command again resumes at statement "
          "{} (`retort check` shows it)",
          done + 1);
    }
  } else {
    what += committed.empty()
                ? "\n  committed before the failure: nothing; every change of this run was "
                  "rolled back"
                : fmt::format("\n  committed before the failure: {} (the rest was rolled back)",
                              join_ids(committed));
  }
  what += "\n  version table now: " + state;

  std::string hint = failure.cause == StepFailure::Cause::stopped
                         ? "run the command again with more time; committed steps do not run again"
                         : "fix the migration and run the command again; committed steps do not "
                           "run again";
  throw Error(ErrorKind::migration, what, locate(failure), hint,
              failure.server_error ? failure.server_error->sqlstate : std::string());
}

}  // namespace retort::migrator
