// The SQL retort sends besides the migrations themselves: version table,
// history table, lock. Pure text generation, shared by online and offline
// mode so `--sql` prints exactly what an online run executes.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "retort/plan.hpp"

namespace retort::migrator {

// "name" with embedded quotes doubled: always quoted, whatever the name.
std::string quote_identifier(std::string_view name);
// 'value' with embedded quotes doubled (standard_conforming_strings).
std::string quote_literal(std::string_view value);

struct TableNames {
  std::string schema;         // e.g. "public"
  std::string version_table;  // e.g. "alembic_version"
  std::string history_table;  // empty: no history

  std::string qualified_version() const;
  std::string qualified_history() const;
};

// CREATE SCHEMA/TABLE IF NOT EXISTS for the version table (Alembic's shape:
// version_num varchar(32) with primary key <table>_pkc) and, when enabled,
// the history table. Statements end with ";\n".
std::string create_tables_sql(const TableNames& names);

// SELECT returning the version rows, for an existing table.
std::string select_rows_sql(const TableNames& names);

// INSERT/UPDATE/DELETE statements of one step, each ending with ";\n".
std::string version_changes_sql(const TableNames& names, std::span<const VersionChange> changes);

// Statement that records the step start time (session level, so it also
// works for autocommit sections), and the history INSERT that uses it.
std::string step_started_sql();
std::string history_insert_sql(const TableNames& names, std::string_view revision,
                               Direction direction, std::string_view checksum,
                               std::string_view tool_version);

// The advisory-lock key expression: a bigint derived from the database,
// schema and version table, so tenants in other schemas do not contend.
std::string lock_key_sql(const TableNames& names);

}  // namespace retort::migrator
