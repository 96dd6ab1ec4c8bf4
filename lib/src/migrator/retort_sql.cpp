#include "migrator/retort_sql.hpp"

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

std::string TableNames::qualified_lease() const {
  return quote_identifier(schema) + "." + quote_identifier("retort_lock");
}

std::string TableNames::qualified_progress() const {
  return quote_identifier(schema) + "." + quote_identifier("retort_progress");
}

SqlText& SqlText::operator+=(const SqlText& other) {
  if (!first_commit && other.first_commit) first_commit = statements + *other.first_commit;
  text += other.text;
  statements += other.statements;
  return *this;
}

SqlText begin_sql() {
  return SqlText{"BEGIN;\n", 1, std::nullopt};
}

SqlText commit_sql() {
  return SqlText{"COMMIT;\n", 1, 0};
}

std::string_view rollback_sql() {
  return "ROLLBACK";
}

SqlText create_tables_sql(const TableNames& names) {
  SqlText sql;
  if (names.schema != "public") {
    sql.text += fmt::format("CREATE SCHEMA IF NOT EXISTS {};\n", quote_identifier(names.schema));
    ++sql.statements;
  }
  ++sql.statements;
  sql.text += fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n"
      "    version_num VARCHAR(32) NOT NULL,\n"
      "    CONSTRAINT {} PRIMARY KEY (version_num)\n"
      ");\n",
      names.qualified_version(), quote_identifier(names.version_table + "_pkc"));
  if (!names.history_table.empty()) {
    ++sql.statements;
    sql.text += fmt::format(
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

SqlText version_changes_sql(const TableNames& names, std::span<const VersionChange> changes) {
  SqlText result;
  result.statements = changes.size();
  std::string& sql = result.text;
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
  return result;
}

SqlText step_started_sql() {
  return SqlText{"SELECT set_config('retort.step_started', clock_timestamp()::text, false);\n", 1,
                 std::nullopt};
}

SqlText step_started_at_sql(std::string_view started_at) {
  return SqlText{fmt::format("SELECT set_config('retort.step_started', {}, true);\n",
                             quote_literal(started_at)),
                 1, std::nullopt};
}

SqlText history_insert_sql(const TableNames& names, std::string_view revision, Direction direction,
                           std::string_view checksum, std::string_view tool_version) {
  if (names.history_table.empty()) return {};
  SqlText result;
  result.statements = 1;
  result.text = fmt::format(
      "INSERT INTO {} (revision, direction, checksum, duration_ms, tool_version) VALUES ({}, {}, "
      "{}, 1000 * extract(epoch FROM clock_timestamp() - "
      "current_setting('retort.step_started')::timestamptz), {});\n",
      names.qualified_history(), revision.empty() ? "NULL" : quote_literal(revision),
      quote_literal(to_string(direction)), checksum.empty() ? "NULL" : quote_literal(checksum),
      quote_literal(tool_version));
  return result;
}

SqlText history_note_sql(const TableNames& names, std::string_view revision,
                         std::string_view direction, std::string_view checksum,
                         std::string_view tool_version) {
  if (names.history_table.empty()) return {};
  return SqlText{
      fmt::format("INSERT INTO {} (revision, direction, checksum, duration_ms, tool_version) "
                  "VALUES ({}, {}, {}, NULL, {});\n",
                  names.qualified_history(), quote_literal(revision), quote_literal(direction),
                  checksum.empty() ? "NULL" : quote_literal(checksum), quote_literal(tool_version)),
      1, std::nullopt};
}

std::string latest_checksums_sql(const TableNames& names) {
  return fmt::format(
      "SELECT DISTINCT ON (revision) revision, checksum, direction FROM {} "
      "WHERE direction IN ('upgrade', 'downgrade') AND revision IS NOT NULL "
      "ORDER BY revision, id DESC",
      names.qualified_history());
}

std::string upgrade_durations_sql(const TableNames& names) {
  return fmt::format(
      "SELECT DISTINCT ON (revision) revision, duration_ms FROM {} "
      "WHERE direction = 'upgrade' AND revision IS NOT NULL AND duration_ms IS NOT NULL "
      "ORDER BY revision, id DESC",
      names.qualified_history());
}

std::string session_timeouts_sql(double lock_timeout_s, double statement_timeout_s) {
  return fmt::format("SET lock_timeout = {}; SET statement_timeout = {}",
                     static_cast<long>(lock_timeout_s * 1000),
                     static_cast<long>(statement_timeout_s * 1000));
}

std::string local_timeouts_sql(double lock_timeout_s, double statement_timeout_s) {
  return fmt::format("SET LOCAL lock_timeout = {};\nSET LOCAL statement_timeout = {};\n",
                     static_cast<long>(lock_timeout_s * 1000),
                     static_cast<long>(statement_timeout_s * 1000));
}

std::string lock_key_sql(const TableNames& names) {
  return fmt::format(
      "hashtextextended('retort:' || current_database() || ':' || {} || ':' || {}, 0)",
      quote_literal(names.schema), quote_literal(names.version_table));
}

std::string try_lock_sql(const TableNames& names) {
  return fmt::format("SELECT pg_try_advisory_lock({})", lock_key_sql(names));
}

std::string unlock_sql(const TableNames& names) {
  return fmt::format("SELECT pg_advisory_unlock({})", lock_key_sql(names));
}

std::string lock_holder_sql(const TableNames& names) {
  // A bigint advisory lock shows in pg_locks as classid = high 32 bits,
  // objid = low 32 bits, objsubid = 1.
  return fmt::format(
      "WITH k AS (SELECT {} AS key) "
      "SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), "
      "to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ'), coalesce(a.client_addr::text, "
      "'local') "
      "FROM k, pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
      "AND l.classid = ((k.key >> 32) & 4294967295)::oid AND l.objid = (k.key & 4294967295)::oid",
      lock_key_sql(names));
}

}  // namespace retort::migrator

namespace retort::migrator {

std::string lock_blockers_sql(long backend_pid) {
  return fmt::format(
      "SELECT a.pid, coalesce(a.state, ''), coalesce(a.application_name, ''), "
      "coalesce(extract(epoch FROM now() - a.xact_start), 0), left(coalesce(a.query, ''), 200) "
      "FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids({0})) ORDER BY a.pid;\n"
      "SELECT coalesce(n.nspname || '.' || c.relname, ''), l.mode FROM pg_locks l "
      "LEFT JOIN pg_class c ON c.oid = l.relation "
      "LEFT JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE l.pid = {0} AND NOT l.granted LIMIT 1",
      backend_pid);
}

}  // namespace retort::migrator
