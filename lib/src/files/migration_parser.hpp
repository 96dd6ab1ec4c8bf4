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

// As retort::parse_migration_file(); sets revision.path to `path`.
ParsedMigration parse_migration(std::string_view text, std::string path);

}  // namespace retort::files
