// The public entry points of migrate.hpp: plan, lock, re-plan, execute.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "migrator/checksum.hpp"
#include "migrator/deadline.hpp"
#include "migrator/executor.hpp"
#include "migrator/lint_gate.hpp"
#include "migrator/session.hpp"
#include "migrator/step_schedule.hpp"
#include "migrator/step_script.hpp"
#include "retort/error.hpp"
#include "retort/history.hpp"
#include "retort/migrate.hpp"
#include "retort/target.hpp"

namespace retort {
namespace {

using Clock = std::chrono::steady_clock;
using Planner = std::function<Plan(const std::vector<std::string>& rows)>;

std::vector<migrator::StepScript> build_scripts(const RevisionGraph& graph, const Plan& plan,
                                                const migrator::TableNames& names) {
  // Built before anything runs, so an irreversible revision is refused up front.
  std::vector<migrator::StepScript> scripts;
  scripts.reserve(plan.steps.size());
  for (const auto& step : plan.steps) scripts.push_back(build_step_script(graph, step, names));
  return scripts;
}

Error database_error(const QueryFailed& failed, std::string_view doing) {
  return Error(ErrorKind::database, fmt::format("{}: {}", doing, failed.error().message),
               std::nullopt, failed.error().hint, failed.error().sqlstate);
}

// "start:end" of an offline run; without ':' the start is base (empty).
RevisionRange offline_range(std::string_view text) {
  return RevisionRange::parse(text).value_or(RevisionRange{"", std::string(text)});
}

// transaction:false sections are split client-side assuming
// standard_conforming_strings is on (sql/statement_splitter.hpp); a server,
// database or role that defaults it to off would split them differently.
void refuse_nonstandard_strings(migrator::Session& session,
                                const std::vector<migrator::StepScript>& scripts) {
  const auto split = std::find_if(scripts.begin(), scripts.end(),
                                  [](const auto& script) { return !script.transactional; });
  if (split == scripts.end()) return;
  auto rows = query_rows(session.database(), "SHOW standard_conforming_strings");
  if (rows.empty() || !rows[0][0] || *rows[0][0] != "off") return;
  throw Error(ErrorKind::migration,
              fmt::format("standard_conforming_strings is off on this server, so revision {}'s "
                          "transaction:false section cannot be split into statements safely",
                          split->revision->id.str()),
              SourceLocation{split->revision->path, split->section->first_line, 0},
              "turn it on for the migration role or database (ALTER ROLE ... SET "
              "standard_conforming_strings = on), as PostgreSQL has defaulted since 9.1");
}

RunResult run_offline(const Config& config, const RevisionGraph& graph, const Planner& planner,
                      std::string_view start, Reporter& reporter) {
  std::vector<std::string> rows;
  if (!start.empty() && start != "base") {
    auto resolved = resolve_revisions(graph, start);
    if (resolved.size() != 1) {
      throw Error(ErrorKind::usage,
                  fmt::format("the start of an offline range must be one revision; '{}' is {}",
                              start, resolved.size()));
    }
    rows.push_back(graph.id(resolved[0]));
  }
  Plan plan = planner(rows);
  auto names = migrator::table_names(config);
  auto scripts = build_scripts(graph, plan, names);
  std::string script = render_offline_script(
      graph, plan, scripts, names,
      migrator::ExecutionMode{.transaction_per_migration = config.transaction_per_migration});
  std::size_t pos = 0;
  while (pos < script.size()) {
    auto end = script.find('\n', pos);
    if (end == std::string::npos) end = script.size();
    reporter.output(std::string_view(script).substr(pos, end - pos));
    pos = end + 1;
  }
  RunResult result;
  result.rows_before = plan.rows_before;
  result.rows_after = plan.rows_after;
  result.warnings = plan.warnings;
  return result;
}

RunResult run_online(const Config& config, const RevisionGraph& graph, const Planner& planner,
                     std::string_view command, const RunOptions& options, Reporter& reporter) {
  const auto started = Clock::now();
  const auto limits = migrator::run_limits(config, options);
  auto should_stop = [&] {
    return migrator::deadline_passed(options.deadline) ||
           (options.should_stop && options.should_stop());
  };
  auto session = migrator::Session::open(config, options.connect, limits.connect_wait_s);
  migrator::DeadlineWatchdog watchdog(session.database(), options.deadline);
  RunResult result;
  // docs/architecture.md §5.8: only upgrades, and only against a deadline.
  result.resumable = options.resumable && options.deadline && command == "upgrade";
  try {
    // Recognise an up-to-date database before locking, so runs with nothing
    // to do never queue behind a long migration.
    auto state = session.read_state();
    Plan plan = planner(state.rows.value_or(std::vector<std::string>{}));
    if (plan.steps.empty() && state.rows && !state.progress) {
      result.rows_before = result.rows_after = *state.rows;
      result.warnings = plan.warnings;
      result.up_to_date = true;
      return result;
    }
    const auto lock_started = Clock::now();
    session.lock(limits.lock_wait_s, should_stop, reporter);
    const double lock_waited_s = std::chrono::duration<double>(Clock::now() - lock_started).count();
    state = session.read_state();  // another run may have migrated meanwhile
    plan = planner(state.rows.value_or(std::vector<std::string>{}));
    for (const auto& warning : plan.warnings) reporter.warning(warning);
    if (plan.steps.empty() && state.rows && !state.progress) {
      // The run that held the lock did the work.
      result.rows_before = result.rows_after = *state.rows;
      result.warnings = plan.warnings;
      result.up_to_date = true;
      session.unlock();
      return result;
    }
    auto scripts = build_scripts(graph, plan, session.names());
    refuse_nonstandard_strings(session, scripts);
    migrator::lint_plan(config, graph, plan, session.database(), limits.lock_timeout_s > 0,
                        reporter);
    std::optional<migrator::Resume> resume;
    if (state.progress) {
      resume = migrator::Resume{migrator::resumable_step(*state.progress, plan, scripts, command),
                                &*state.progress};
    }
    std::optional<migrator::StepScheduler> scheduler;
    if (result.resumable) {
      scheduler.emplace(*options.resumable, *options.deadline,
                        migrator::read_upgrade_durations(session.database(), session.names()),
                        lock_waited_s);
    }
    session.apply_timeouts(limits.lock_timeout_s, limits.statement_timeout_s);
    result.rows_before = state.rows.value_or(std::vector<std::string>{});
    result.warnings = plan.warnings;
    // A resumable run commits per migration, so that a stop keeps what ran.
    const migrator::ExecutionMode mode{.transaction_per_migration =
                                           config.transaction_per_migration || result.resumable};
    migrator::LockRetries lock_retries;
    lock_retries.policy.retries = limits.lock_retries;
    lock_retries.lock_timeout_s = limits.lock_timeout_s;
    lock_retries.deadline = options.deadline;
    result.stopped =
        migrator::execute_plan(session, graph, plan, scripts, mode, resume, should_stop, reporter,
                               result.applied, scheduler ? &*scheduler : nullptr, &lock_retries);
    result.lock_timeouts = std::move(lock_retries.events);
    // A step the deadline interrupted may have ended the run in order: the
    // reads below must not be cancelled.
    if (result.stopped) watchdog.disarm();
    auto after = session.read_rows();
    result.rows_after = after.value_or(std::vector<std::string>{});
    session.unlock();
  } catch (const QueryFailed& failed) {
    auto error = database_error(failed, "database error");
    if (watchdog.fired() || migrator::deadline_passed(options.deadline))
      throw migrator::deadline_error(error);
    throw error;
  } catch (const Error& error) {
    if (watchdog.fired() || migrator::deadline_passed(options.deadline))
      throw migrator::deadline_error(error);
    throw;
  }
  result.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  return result;
}

}  // namespace

RunResult upgrade_database(const Config& config, const RevisionGraph& graph,
                           std::string_view target, const RunOptions& options, Reporter& reporter) {
  if (options.offline) {
    auto range = offline_range(target);
    Planner planner = [&](const std::vector<std::string>& rows) {
      return plan_upgrade(graph, rows, range.end);
    };
    return run_offline(config, graph, planner, range.start, reporter);
  }
  if (target.find(':') != std::string_view::npos) {
    throw Error(ErrorKind::usage, fmt::format("range '{}' is only allowed with --sql", target),
                std::nullopt, "online upgrades start from the database's current state");
  }
  Planner planner = [&](const std::vector<std::string>& rows) {
    return plan_upgrade(graph, rows, target);
  };
  return run_online(config, graph, planner, "upgrade", options, reporter);
}

RunResult downgrade_database(const Config& config, const RevisionGraph& graph,
                             std::string_view target, const RunOptions& options,
                             Reporter& reporter) {
  if (options.offline) {
    if (target.find(':') == std::string_view::npos) {
      throw Error(ErrorKind::usage, "downgrade with --sql requires FROM:TO", std::nullopt,
                  "e.g. `retort downgrade head:base --sql`");
    }
    auto range = offline_range(target);
    Planner planner = [&](const std::vector<std::string>& rows) {
      return plan_downgrade(graph, rows, range.end);
    };
    return run_offline(config, graph, planner, range.start, reporter);
  }
  if (target.find(':') != std::string_view::npos) {
    throw Error(ErrorKind::usage, fmt::format("range '{}' is only allowed with --sql", target));
  }
  Planner planner = [&](const std::vector<std::string>& rows) {
    return plan_downgrade(graph, rows, target);
  };
  return run_online(config, graph, planner, "downgrade", options, reporter);
}

RunResult stamp_database(const Config& config, const RevisionGraph& graph,
                         const std::vector<std::string>& destinations, bool purge,
                         const RunOptions& options, Reporter& reporter) {
  if (options.offline) {
    if (purge) throw Error(ErrorKind::usage, "--purge cannot be used with --sql");
    std::string start;
    std::vector<std::string> ends;
    for (const auto& destination : destinations) {
      auto range = offline_range(destination);
      if (!ends.empty() && range.start != start) {
        throw Error(ErrorKind::usage, "stamp --sql supports one starting revision at a time");
      }
      start = range.start;
      ends.push_back(range.end);
    }
    Planner planner = [&](const std::vector<std::string>& rows) {
      return plan_stamp(graph, rows, ends, false);
    };
    return run_offline(config, graph, planner, start, reporter);
  }
  Planner planner = [&](const std::vector<std::string>& rows) {
    return plan_stamp(graph, rows, destinations, purge);
  };
  return run_online(config, graph, planner, "stamp", options, reporter);
}

std::vector<std::string> read_version_rows(const Config& config, const RunOptions& options) {
  auto session = migrator::Session::open(config, options.connect,
                                         migrator::run_limits(config, options).connect_wait_s);
  try {
    return session.read_rows().value_or(std::vector<std::string>{});
  } catch (const QueryFailed& failed) {
    throw database_error(failed, "cannot read the version table");
  }
}

VersionState read_version_state(const Config& config, const RunOptions& options) {
  auto session = migrator::Session::open(config, options.connect,
                                         migrator::run_limits(config, options).connect_wait_s);
  try {
    auto state = session.read_state();
    VersionState result;
    result.rows = state.rows.value_or(std::vector<std::string>{});
    if (state.progress) result.partial = state.progress->section;
    return result;
  } catch (const QueryFailed& failed) {
    throw database_error(failed, "cannot read the version table");
  }
}

}  // namespace retort
