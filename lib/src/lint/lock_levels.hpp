// The table locks a statement takes, read off its parse tree
// (lint/sql_parser.hpp), as PostgreSQL 15 takes them: the lock-mode table of
// the manual's "Explicit Locking" chapter and the per-subcommand levels of
// ALTER TABLE. The lint rules grade statements by these.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace retort::lint {

// PostgreSQL's table lock modes, weakest first (so they compare by strength).
enum class LockMode {
  access_share,
  row_share,
  row_exclusive,
  share_update_exclusive,
  share,
  share_row_exclusive,
  exclusive,
  access_exclusive,
};

// "ACCESS EXCLUSIVE", as the manual and pg_locks (without "Lock") spell it.
const char* lock_mode_name(LockMode mode);

// Whether `mode` blocks ordinary reads and writes of the table (SHARE and
// stronger block writes; ACCESS EXCLUSIVE blocks reads too).
inline bool blocks_writes(LockMode mode) {
  return mode >= LockMode::share;
}
inline bool blocks_reads(LockMode mode) {
  return mode == LockMode::access_exclusive;
}

// One lock on one relation. `schema` is empty when the statement does not
// name one; `relation` is a table, or an index for DROP/REINDEX INDEX.
struct RelationLock {
  LockMode mode = LockMode::access_share;
  std::string schema;
  std::string relation;
  friend bool operator==(const RelationLock&, const RelationLock&) = default;
};

// The strongest lock `statement` (a ParsedStatement::tree) takes on each
// relation it names; empty for statements that lock no existing relation
// (CREATE TABLE, SET, transaction control, ...).
std::vector<RelationLock> relation_locks(const nlohmann::json& statement);

}  // namespace retort::lint
