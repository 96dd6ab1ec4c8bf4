#include "migrator/step_script.hpp"

#include <fmt/format.h>

#include "migrator/checksum.hpp"
#include "retort/error.hpp"
#include "retort/migration_files.hpp"
#include "sql/statement_checks.hpp"
#include "sql/text_position.hpp"

#ifndef RETORT_VERSION
#define RETORT_VERSION "0.0.0"
#endif

namespace retort::migrator {
namespace {

std::vector<sql::SqlStatement> split_section(const Revision& revision, const Section& section) {
  try {
    return sql::split_sql_statements(section.sql);
  } catch (const Error& error) {
    SourceLocation where{revision.path, section.first_line, 0};
    if (error.location()) {
      auto moved = sql::rebase_position({error.location()->line, error.location()->column},
                                        {section.first_line, 1});
      where.line = moved.line;
      where.column = moved.column;
    }
    throw Error(ErrorKind::migration_file, error.message(), where,
                "close the quote, comment or dollar-quoted string");
  }
}

}  // namespace

std::string StepScript::combined() const {
  if (section_sql.empty()) return prefix.text + bookkeeping.text;
  return prefix.text + section_sql + "\n;\n" + bookkeeping.text;
}

StepScript build_step_script(const RevisionGraph& graph, const Step& step,
                             const TableNames& names) {
  StepScript script;
  std::string revision_id;
  if (step.revision) {
    const Revision& loaded = graph.at(*step.revision);
    if (loaded.sql_kept) {
      script.revision = &loaded;
    } else {
      script.reloaded = std::make_shared<const Revision>(reload_sql(loaded));
      script.revision = script.reloaded.get();
    }
    revision_id = script.revision->id.str();
  }
  if (step.direction == Direction::upgrade) {
    script.section = &script.revision->upgrade;
  } else if (step.direction == Direction::downgrade) {
    if (!script.revision->downgrade) {
      throw Error(
          ErrorKind::migration,
          fmt::format("revision {} has no downgrade section; it cannot be downgraded", revision_id),
          SourceLocation{script.revision->path, script.revision->header_line, 0},
          "add a `-- migrate:downgrade` section to the file, or use `retort stamp` to "
          "move the version table without running SQL");
    }
    script.section = &*script.revision->downgrade;
  }
  if (script.section != nullptr) {
    sql::check_section_statements(*script.section, script.revision->path);
    script.section_sql = script.section->sql;
    script.transactional = script.section->transactional;
    script.checksum = section_checksum(script.section->sql);
    if (!script.transactional) script.statements = split_section(*script.revision, *script.section);
  }
  if (!names.history_table.empty()) script.prefix = step_started_sql();
  script.bookkeeping = version_changes_sql(names, step.changes);
  script.version_statements = step.changes.size();
  script.bookkeeping +=
      history_insert_sql(names, revision_id, step.direction, script.checksum, RETORT_VERSION);
  return script;
}

}  // namespace retort::migrator
