// parse_migration_file() with the extra facts the directory loader needs.
#pragma once

#include <string>
#include <string_view>

#include "retort/revision.hpp"

namespace retort::files {

struct ParsedMigration {
  Revision revision;
  int revision_column = 0;  // column of the `revision` key (its line is revision.header_line)
};

// As retort::parse_migration_file(); sets revision.path to `path`. With
// `keep_sql` false the sections are checked but their SQL is not kept
// (revision.sql_kept false).
ParsedMigration parse_migration(std::string_view text, std::string path, bool keep_sql = true);

}  // namespace retort::files
