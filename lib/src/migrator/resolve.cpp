// `resolve REV --applied|--not-applied` (retort/migrate.hpp): settling a
// transaction:false section part-way through after a manual repair.
#include <fmt/format.h>

#include "migrator/deadline.hpp"
#include "migrator/session.hpp"
#include "retort/display_text.hpp"
#include "retort/error.hpp"
#include "retort/migrate.hpp"
#include "retort/target.hpp"

#ifndef RETORT_VERSION
#define RETORT_VERSION "0.0.0"
#endif

namespace retort {
namespace {

// Whether `given` (an id, a unique prefix or a label) names `revision`.
bool names_revision(const RevisionGraph& graph, std::string_view given,
                    const std::string& revision) {
  if (given == revision) return true;
  try {
    auto resolved = resolve_revisions(graph, given);
    return resolved.size() == 1 && graph.id(resolved[0]) == revision;
  } catch (const Error&) {
    return false;
  }
}

void check_one_row_each(const std::vector<StatementResult>& results, std::size_t first,
                        const std::vector<VersionChange>& changes,
                        const migrator::TableNames& names) {
  for (std::size_t k = 0; k < changes.size(); ++k) {
    if (changes[k].op == VersionChange::Op::insert) continue;
    long affected = first + k < results.size() ? results[first + k].affected : -1;
    if (affected == 1) continue;
    throw Error(ErrorKind::migration,
                fmt::format("cannot record the section as applied: {} does not hold '{}' any more "
                            "({} row(s) matched)",
                            names.qualified_version(), changes[k].from, affected),
                std::nullopt,
                "the version table changed since the section started; check it with `retort "
                "current` and use `--not-applied` or `retort stamp`");
  }
}

}  // namespace

RunResult resolve_partial(const Config& config, const RevisionGraph& graph,
                          std::string_view revision, bool applied, const RunOptions& options,
                          Reporter& reporter) {
  const auto limits = migrator::run_limits(config, options);
  auto session = migrator::Session::open(config, options.connect, limits.connect_wait_s);
  const auto& names = session.names();
  RunResult result;
  try {
    session.lock(limits.lock_wait_s, options.should_stop, reporter);
    auto state = session.read_state();
    if (!state.progress) {
      throw Error(ErrorKind::usage,
                  fmt::format("{} is not partially applied: no transaction:false section is "
                              "part-way through for {}",
                              text::quote(revision), names.qualified_version()),
                  std::nullopt, "`retort check` shows the state of the database");
    }
    const migrator::ProgressRow& progress = *state.progress;
    const PartialSection& section = progress.section;
    if (!names_revision(graph, revision, section.revision)) {
      throw Error(ErrorKind::usage,
                  fmt::format("{} is not the revision part-way through; the database records {}",
                              text::quote(revision), section.describe()),
                  std::nullopt, fmt::format("run `retort resolve {} ...`", section.revision));
    }
    result.rows_before = state.rows.value_or(std::vector<std::string>{});
    const std::string note = applied ? "resolve applied" : "resolve not-applied";
    auto sql = migrator::begin_sql() + migrator::progress_clear_sql(names);
    const std::size_t first_change = sql.statements;
    if (applied) sql += migrator::version_changes_sql(names, progress.version_changes);
    sql += migrator::history_note_sql(names, section.revision, note, progress.section_checksum,
                                      RETORT_VERSION);
    auto results = session.database().execute(sql.text);
    if (applied) check_one_row_each(results, first_change, progress.version_changes, names);
    session.database().execute(migrator::commit_sql().text);
    result.applied.push_back(AppliedStep{
        section.revision, section.direction,
        fmt::format("Resolved {} {} as {}: statement {} of {} had run", section.revision,
                    to_string(section.direction), applied ? "applied" : "not applied",
                    section.statements_done, section.statements_total),
        0});
    result.rows_after = session.read_rows().value_or(std::vector<std::string>{});
    session.unlock();
  } catch (const QueryFailed& failed) {
    throw Error(ErrorKind::database, fmt::format("resolve failed: {}", failed.error().message),
                std::nullopt, failed.error().hint, failed.error().sqlstate);
  }
  return result;
}

}  // namespace retort
