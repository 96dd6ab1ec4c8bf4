// `check`: is the database at the heads, with every applied file unchanged?
#include <fmt/format.h>

#include <set>

#include "database/sqlstate.hpp"
#include "migrator/checksum.hpp"
#include "migrator/deadline.hpp"
#include "migrator/session.hpp"
#include "retort/error.hpp"
#include "retort/history.hpp"
#include "retort/migrate.hpp"
#include "retort/migration_files.hpp"

namespace retort {
namespace {

// Latest recorded upgrade checksum per revision; empty when history is off
// or the table does not exist.
std::vector<std::pair<std::string, std::string>> recorded_checksums(migrator::Session& session) {
  const auto& names = session.names();
  if (names.history_table.empty()) return {};
  try {
    auto rows = query_rows(session.database(), latest_checksums_sql(names));
    std::vector<std::pair<std::string, std::string>> result;
    for (auto& row : rows) {
      // A revision whose last step was a downgrade has no applied text to compare.
      if (row[0] && row[1] && row[2] && *row[2] == "upgrade") result.emplace_back(*row[0], *row[1]);
    }
    return result;
  } catch (const QueryFailed& failed) {
    if (failed.error().sqlstate == sqlstate::k_undefined_table) return {};
    throw;
  }
}

}  // namespace

CheckResult check_database(const Config& config, const RevisionGraph& graph,
                           const RunOptions& options) {
  auto session = migrator::Session::open(config, options.connect,
                                         migrator::run_limits(config, options).connect_wait_s);
  CheckResult result;
  try {
    auto state = session.read_state();
    result.rows = state.rows.value_or(std::vector<std::string>{});
    if (state.progress) result.partial = state.progress->section;
    std::vector<RevIndex> known;
    for (const auto& row : result.rows) {
      if (auto index = graph.find_id(row)) {
        known.push_back(*index);
      } else {
        result.unknown.push_back(row);
      }
    }
    for (RevIndex r : pending_revisions(graph, known)) result.pending.push_back(graph.id(r));
    auto applied = graph.ancestors(known);
    for (const auto& [revision, checksum] : recorded_checksums(session)) {
      auto index = graph.find_id(revision);
      if (!index || !applied.contains(*index)) continue;
      const Revision& file = graph.at(*index);
      std::string now = migrator::section_checksum(file.sql_kept ? file.upgrade.sql
                                                                 : reload_sql(file).upgrade.sql);
      // Compare only checksums written under the same rule (the prefix names it).
      auto algorithm = checksum.substr(0, checksum.find(':') + 1);
      if (now.starts_with(algorithm) && now != checksum) {
        result.drifted.push_back(DriftedRevision{revision, checksum, now, file.path});
      }
    }
  } catch (const QueryFailed& failed) {
    throw Error(ErrorKind::database, "check failed: " + failed.error().message, std::nullopt,
                failed.error().hint, failed.error().sqlstate);
  }
  return result;
}

}  // namespace retort
