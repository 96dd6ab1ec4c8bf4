// The SQL of one plan step, laid out so that online execution and offline
// output are the same text and server error positions map back to files.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "migrator/retort_sql.hpp"
#include "retort/plan.hpp"
#include "retort/revision.hpp"
#include "retort/revision_graph.hpp"
#include "sql/statement_splitter.hpp"

namespace retort::migrator {

struct StepScript {
  // The revision read again with its SQL when the graph did not keep it
  // (reload_sql); `revision` and `section` then point into it.
  std::shared_ptr<const Revision> reloaded;
  const Revision* revision = nullptr;  // null for a stamp to base
  const Section* section = nullptr;    // the section that runs; null for stamps
  bool transactional = true;           // false: section statements run in autocommit
  // prefix + section text + "\n;\n" + bookkeeping is what a transactional
  // step sends in one round trip.
  SqlText prefix;           // records the step start time (nothing when history is off)
  std::string section_sql;  // the section as written in the file (empty for stamps)
  // The version-table changes (version_statements of them, first) and the
  // history row.
  SqlText bookkeeping;
  std::size_t version_statements = 0;
  std::string checksum;  // of the section (empty for stamps)
  // For transaction:false sections: the statements, as views into
  // section->sql (owned by the graph or by `reloaded`, so they outlive the
  // script).
  std::vector<sql::SqlStatement> statements;

  // The whole text of a transactional step and where the section starts in it.
  std::string combined() const;
  std::size_t section_offset() const { return prefix.text.size(); }
};

// Throws Error(ErrorKind::migration) when a downgrade step's revision has no
// downgrade section, and Error(ErrorKind::migration_file) with the file's
// location when a transaction:false section cannot be split into statements.
StepScript build_step_script(const RevisionGraph& graph, const Step& step, const TableNames& names);

}  // namespace retort::migrator
