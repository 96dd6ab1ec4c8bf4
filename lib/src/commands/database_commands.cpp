// The commands that need PostgreSQL: they load the graph, call the executor
// of retort/migrate.hpp and report its result as text or one JSON document.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands/json_output.hpp"
#include "commands/revision_text.hpp"
#include "retort/commands.hpp"
#include "retort/history.hpp"
#include "retort/migrate.hpp"
#include "retort/redact.hpp"
#include "retort/target.hpp"

namespace retort {
namespace {

std::string rows_text(const std::vector<std::string>& rows) {
  return rows.empty() ? std::string("base (empty version table)")
                      : fmt::format("{}", fmt::join(rows, ", "));
}

RunOptions run_options(const CommandContext& context, bool offline) {
  RunOptions options;
  options.offline = offline;
  options.wait_s = context.wait_s();
  options.deadline = context.deadline();
  if (!offline) options.connect = context.connector();
  options.resumable = context.resumable();
  return options;
}

nlohmann::ordered_json partial_json(const std::optional<PartialSection>& partial) {
  if (!partial) return nullptr;
  return {{"revision", partial->revision},
          {"direction", to_string(partial->direction)},
          {"statements_done", partial->statements_done},
          {"statements_total", partial->statements_total},
          {"started_at", partial->started_at},
          {"started_by", partial->started_by},
          {"description", partial->describe()}};
}

void report_run(const CommandContext& context, std::string_view command, const RunResult& result,
                Reporter& reporter) {
  context.publish(result);
  for (const auto& warning : result.warnings) reporter.warning(warning);
  if (context.json()) {
    auto doc = json_output::document(command);
    doc["from"] = result.rows_before;
    doc["to"] = result.rows_after;
    doc["up_to_date"] = result.up_to_date;
    auto applied = nlohmann::ordered_json::array();
    for (const auto& step : result.applied) {
      applied.push_back({{"revision", step.revision},
                         {"direction", to_string(step.direction)},
                         {"description", step.description},
                         {"duration_ms", step.duration_ms}});
    }
    doc["applied"] = applied;
    doc["warnings"] = result.warnings;
    doc["lock_retries"] = retries_made(result.lock_timeouts);
    doc["lock_timeouts"] = json_output::lock_timeouts(result.lock_timeouts);
    doc["duration_ms"] = result.duration_ms;
    if (result.resumable) {
      // Only runs with a deadline (Lambda) are resumable: the command line's
      // document stays as it was.
      doc["complete"] = !result.stopped;
      if (result.stopped) {
        doc["remaining_count"] = result.stopped->remaining_steps;
        doc["next_revision"] = result.stopped->next_revision;
        doc["stopped"] = result.stopped->reason;
      }
    }
    json_output::emit(reporter, doc);
    return;
  }
  if (result.up_to_date) {
    reporter.output(
        fmt::format("Nothing to do: the database is at {}.", rows_text(result.rows_after)));
    return;
  }
  std::string_view noun = command == "stamp" ? "stamp step" : "migration";
  reporter.output(fmt::format("{} {}{} in {:.0f} ms; the database is now at {}.",
                              result.applied.size(), noun, result.applied.size() == 1 ? "" : "s",
                              result.duration_ms, rows_text(result.rows_after)));
  if (result.stopped) {
    reporter.output(fmt::format("Not complete: {} step(s) remain, the next is {}; {}.",
                                result.stopped->remaining_steps, result.stopped->next_revision,
                                result.stopped->reason));
    reporter.output("Run the command again to continue; committed steps do not run again.");
  }
}

}  // namespace

void run_upgrade(const CommandContext& context, const UpgradeOptions& options, Reporter& reporter) {
  const auto& graph = context.graph();
  auto result = upgrade_database(context.config(), graph, options.target,
                                 run_options(context, options.sql), reporter);
  if (!options.sql) report_run(context, "upgrade", result, reporter);
}

void run_downgrade(const CommandContext& context, const DowngradeOptions& options,
                   Reporter& reporter) {
  const auto& graph = context.graph();
  auto result = downgrade_database(context.config(), graph, options.target,
                                   run_options(context, options.sql), reporter);
  if (!options.sql) report_run(context, "downgrade", result, reporter);
}

void run_stamp(const CommandContext& context, const StampOptions& options, Reporter& reporter) {
  const auto& graph = context.graph();
  auto result = stamp_database(context.config(), graph, options.targets, options.purge,
                               run_options(context, options.sql), reporter);
  if (!options.sql) report_run(context, "stamp", result, reporter);
}

void run_resolve(const CommandContext& context, const ResolveOptions& options, Reporter& reporter) {
  if (options.applied == options.not_applied) {
    throw Error(ErrorKind::usage, "resolve needs exactly one of --applied and --not-applied",
                std::nullopt,
                "--applied: every change of the section is in place; --not-applied: none is");
  }
  auto result = resolve_partial(context.config(), context.graph(), options.revision,
                                options.applied, run_options(context, false), reporter);
  context.publish(result);
  if (context.json()) {
    auto doc = json_output::document("resolve");
    doc["revision"] = result.applied.front().revision;
    doc["direction"] = to_string(result.applied.front().direction);
    doc["resolved_as"] = options.applied ? "applied" : "not_applied";
    doc["from"] = result.rows_before;
    doc["to"] = result.rows_after;
    json_output::emit(reporter, doc);
    return;
  }
  reporter.output(fmt::format("{}; the database is now at {}.", result.applied.front().description,
                              rows_text(result.rows_after)));
}

void run_current(const CommandContext& context, const CurrentOptions& options, Reporter& reporter) {
  const auto& graph = context.graph();
  auto state = read_version_state(context.config(), run_options(context, false));
  const auto& rows = state.rows;
  auto known = resolve_rows(graph, rows);
  auto heads = current_heads(graph, known);
  if (context.json()) {
    auto doc = json_output::document("current");
    doc["rows"] = rows;
    auto list = nlohmann::ordered_json::array();
    for (RevIndex r : heads) list.push_back(json_output::revision(graph, r));
    doc["current"] = list;
    doc["partial"] = partial_json(state.partial);
    json_output::emit(reporter, doc);
    return;
  }
  bool verbose = options.verbose || context.verbose();
  if (verbose) {
    reporter.output(
        fmt::format("Current revision(s) for {}:",
                    redact(context.config().url.empty() ? std::string("(PG* environment)")
                                                        : context.config().url)));
  }
  for (RevIndex r : heads) {
    if (verbose) {
      for (const auto& line : listing::full_entry(graph, r)) reporter.output(line);
    } else {
      reporter.output(listing::short_line(graph, r, listing::k_current_style));
    }
  }
  if (state.partial) reporter.output(state.partial->describe());
}

void run_check(const CommandContext& context, const CheckOptions&, Reporter& reporter) {
  const auto& graph = context.graph();
  auto result = check_database(context.config(), graph, run_options(context, false));
  std::vector<std::string> problems;
  if (result.partial) problems.push_back(result.partial->describe());
  if (!result.pending.empty()) {
    problems.push_back(fmt::format("behind: {} pending revision(s): {}", result.pending.size(),
                                   fmt::join(result.pending, ", ")));
  }
  if (!result.unknown.empty()) {
    problems.push_back(
        fmt::format("ahead: the version table holds revision(s) no migration file defines: {}",
                    fmt::join(result.unknown, ", ")));
  }
  for (const auto& drift : result.drifted) {
    problems.push_back(
        fmt::format("drifted: {} ({}) changed after it was applied", drift.revision, drift.path));
  }
  if (context.json()) {
    auto doc = json_output::document("check");
    doc["ok"] = result.ok();
    doc["status"] = result.ok()               ? "up_to_date"
                    : result.partial          ? "partial"
                    : !result.unknown.empty() ? "ahead"
                    : !result.pending.empty() ? "behind"
                                              : "drifted";
    doc["rows"] = result.rows;
    doc["pending"] = result.pending;
    doc["unknown"] = result.unknown;
    auto drifted = nlohmann::ordered_json::array();
    for (const auto& d : result.drifted) {
      drifted.push_back({{"revision", d.revision},
                         {"path", d.path},
                         {"recorded_checksum", d.recorded_checksum},
                         {"file_checksum", d.file_checksum}});
    }
    doc["drifted"] = drifted;
    doc["partial"] = partial_json(result.partial);
    json_output::emit(reporter, doc);
  } else if (result.ok()) {
    reporter.output(fmt::format("OK: the database is at the heads ({}).", rows_text(result.rows)));
  }
  if (!result.ok()) {
    throw Error(ErrorKind::check_failed, fmt::format("{}", fmt::join(problems, "; ")), std::nullopt,
                result.partial
                    ? fmt::format("run the upgrade again to resume the section, or after a manual "
                                  "repair `retort resolve {} --applied|--not-applied`",
                                  result.partial->revision)
                : !result.unknown.empty() ? "deploy the migration files that match this database"
                : !result.pending.empty()
                    ? "run `retort upgrade heads`"
                    : "restore the applied file, or add a new revision for the change");
  }
}

}  // namespace retort
