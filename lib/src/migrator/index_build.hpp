// Recognising `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON
// [ONLY] table ...`, so that a resumed transaction:false section can drop
// the INVALID index an interrupted build of the same statement left behind.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace retort::migrator {

struct IndexBuild {
  std::string index_name;  // as PostgreSQL stores it: unquoted names folded to lower case
  std::string table;       // as written, quotes kept, for to_regclass()
};

// The index and table of a concurrent index build; nullopt for any other
// statement, and for a build without an index name (PostgreSQL picks one).
// Leading comments and whitespace are skipped.
std::optional<IndexBuild> parse_concurrent_index_build(std::string_view statement);

}  // namespace retort::migrator
