// The project the reliability tests migrate: a chain of revisions that each
// log themselves in applied_log (so a test can count how often each ran),
// one of them slow (runs overlap), one a transaction:false section that
// builds an index concurrently and logs itself once.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "support/project.hpp"

namespace retort::testing {

struct ChainOptions {
  int revisions = 30;
  int slow_revision = 2;           // 0: none
  double slow_seconds = 0.5;       // how long the slow one sleeps
  bool slow_while_marked = false;  // it sleeps only while a table sleep_marker exists
  int concurrent_revision = 15;    // the transaction:false one; 0: none
  // Its section gets a middle statement that sleeps while sleep_marker exists.
  bool section_sleeps_while_marked = false;
  double section_pause_s = 0;  // or a middle statement that sleeps this long
};

inline std::string chain_id(int i) {
  return fmt::format("r{:04d}", i);
}

inline void add_chain(MigrationProject& project, const ChainOptions& options = {}) {
  for (int i = 1; i <= options.revisions; ++i) {
    MigrationSpec spec;
    spec.id = chain_id(i);
    if (i > 1) spec.parents = {chain_id(i - 1)};
    const std::string log = fmt::format("INSERT INTO applied_log VALUES ('{}');", spec.id);
    if (i == 1) {
      spec.upgrade_sql = "CREATE TABLE applied_log (rev text NOT NULL);\n" + log;
      spec.downgrade_sql = "DROP TABLE applied_log;";
    } else if (i == options.concurrent_revision) {
      spec.upgrade_transactional = false;
      spec.upgrade_sql = "CREATE INDEX CONCURRENTLY ix_applied_log ON applied_log (rev);\n";
      if (options.section_sleeps_while_marked) {
        spec.upgrade_sql +=
            "SELECT pg_sleep(20) FROM pg_tables WHERE tablename = 'sleep_marker';\n";
      } else if (options.section_pause_s > 0) {
        spec.upgrade_sql += fmt::format("SELECT pg_sleep({});\n", options.section_pause_s);
      }
      spec.upgrade_sql += log;
      spec.downgrade_sql = "DROP INDEX ix_applied_log;";
    } else {
      spec.upgrade_sql = fmt::format("CREATE TABLE t_{} (id int);\n{}", spec.id, log);
      if (i == options.slow_revision) {
        spec.upgrade_sql += fmt::format(
            "\nSELECT pg_sleep({}){};", options.slow_seconds,
            options.slow_while_marked ? " FROM pg_tables WHERE tablename = 'sleep_marker'" : "");
      }
      spec.downgrade_sql = fmt::format("DROP TABLE t_{};", spec.id);
    }
    project.add(spec);
  }
}

// Revisions logged other than exactly once ("r0003 x2"), in order; empty
// when each of the first `revisions` ran once and nothing else did.
inline std::vector<std::string> not_applied_once(const MigrationProject& project, int revisions) {
  auto counts = project.query(
      "SELECT rev || ' x' || count(*) FROM applied_log GROUP BY rev HAVING count(*) <> 1 "
      "ORDER BY rev");
  auto present = project.query("SELECT count(DISTINCT rev) FROM applied_log");
  if (present != std::vector<std::string>{std::to_string(revisions)}) {
    counts.push_back(fmt::format("{} distinct revisions logged, {} expected",
                                 present.empty() ? "?" : present[0], revisions));
  }
  return counts;
}

}  // namespace retort::testing
