#include "migrator/version_sql.hpp"

#include <fmt/format.h>

namespace retort::migrator {

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string quote_literal(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string TableNames::qualified_version() const {
  return quote_identifier(schema) + "." + quote_identifier(version_table);
}

std::string TableNames::qualified_history() const {
  return quote_identifier(schema) + "." + quote_identifier(history_table);
}

std::string create_tables_sql(const TableNames& names) {
  std::string sql;
  if (names.schema != "public") {
    sql += fmt::format("CREATE SCHEMA IF NOT EXISTS {};\n", quote_identifier(names.schema));
  }
  sql += fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n"
      "    version_num VARCHAR(32) NOT NULL,\n"
      "    CONSTRAINT {} PRIMARY KEY (version_num)\n"
      ");\n",
      names.qualified_version(), quote_identifier(names.version_table + "_pkc"));
  if (!names.history_table.empty()) {
    sql += fmt::format(
        "CREATE TABLE IF NOT EXISTS {} (\n"
        "    id BIGSERIAL PRIMARY KEY,\n"
        "    revision VARCHAR(32),\n"
        "    direction TEXT NOT NULL,\n"
        "    checksum TEXT,\n"
        "    applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),\n"
        "    duration_ms DOUBLE PRECISION,\n"
        "    applied_by TEXT NOT NULL DEFAULT current_user,\n"
        "    tool_version TEXT NOT NULL\n"
        ");\n",
        names.qualified_history());
  }
  return sql;
}

std::string select_rows_sql(const TableNames& names) {
  return fmt::format("SELECT version_num FROM {}", names.qualified_version());
}

std::string version_changes_sql(const TableNames& names, std::span<const VersionChange> changes) {
  std::string sql;
  const std::string table = names.qualified_version();
  for (const auto& change : changes) {
    switch (change.op) {
      case VersionChange::Op::insert:
        sql += fmt::format("INSERT INTO {} (version_num) VALUES ({});\n", table,
                           quote_literal(change.to));
        break;
      case VersionChange::Op::update:
        sql += fmt::format("UPDATE {} SET version_num={} WHERE version_num = {};\n", table,
                           quote_literal(change.to), quote_literal(change.from));
        break;
      case VersionChange::Op::remove:
        sql += fmt::format("DELETE FROM {} WHERE version_num = {};\n", table,
                           quote_literal(change.from));
        break;
    }
  }
  return sql;
}

std::string step_started_sql() {
  return "SELECT set_config('retort.step_started', clock_timestamp()::text, false);\n";
}

std::string history_insert_sql(const TableNames& names, std::string_view revision,
                               Direction direction, std::string_view checksum,
                               std::string_view tool_version) {
  if (names.history_table.empty()) return {};
  return fmt::format(
      "INSERT INTO {} (revision, direction, checksum, duration_ms, tool_version) VALUES ({}, {}, "
      "{}, 1000 * extract(epoch FROM clock_timestamp() - "
      "current_setting('retort.step_started')::timestamptz), {});\n",
      names.qualified_history(), revision.empty() ? "NULL" : quote_literal(revision),
      quote_literal(to_string(direction)), checksum.empty() ? "NULL" : quote_literal(checksum),
      quote_literal(tool_version));
}

std::string lock_key_sql(const TableNames& names) {
  return fmt::format(
      "hashtextextended('retort:' || current_database() || ':' || {} || ':' || {}, 0)",
      quote_literal(names.schema), quote_literal(names.version_table));
}

}  // namespace retort::migrator
