// The SQL of the progress table of transaction:false sections (retort_sql.hpp).
#include <fmt/format.h>

#include "migrator/retort_sql.hpp"

namespace retort::migrator {
namespace {

std::string key_literal(const TableNames& names) {
  return quote_literal(names.version_table);
}

// "<length>:<text>", so that any id survives the round trip.
void append_field(std::string& out, std::string_view value) {
  out += fmt::format(" {}:", value.size());
  out += value;
}

std::optional<std::string> read_field(std::string_view& text) {
  if (!text.starts_with(' ')) return std::nullopt;
  text.remove_prefix(1);
  std::size_t colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 4) return std::nullopt;
  std::size_t length = 0;
  for (char c : text.substr(0, colon)) {
    if (c < '0' || c > '9') return std::nullopt;
    length = length * 10 + static_cast<std::size_t>(c - '0');
  }
  text.remove_prefix(colon + 1);
  if (length > text.size()) return std::nullopt;
  std::string value(text.substr(0, length));
  text.remove_prefix(length);
  return value;
}

}  // namespace

SqlText create_progress_table_sql(const TableNames& names) {
  return SqlText{fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                             "    version_table TEXT PRIMARY KEY,\n"
                             "    revision VARCHAR(32) NOT NULL,\n"
                             "    direction TEXT NOT NULL,\n"
                             "    section_checksum TEXT NOT NULL,\n"
                             "    statements_done INTEGER NOT NULL,\n"
                             "    statements_total INTEGER NOT NULL,\n"
                             "    done_checksum TEXT NOT NULL,\n"
                             "    version_changes TEXT NOT NULL,\n"
                             "    started_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),\n"
                             "    started_by TEXT NOT NULL DEFAULT current_user,\n"
                             "    client TEXT NOT NULL,\n"
                             "    updated_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()\n"
                             ");\n",
                             names.qualified_progress()),
                 1, std::nullopt};
}

std::string progress_table_exists_sql(const TableNames& names) {
  return fmt::format("SELECT to_regclass({}) IS NOT NULL, pg_backend_pid()",
                     quote_literal(names.qualified_progress()));
}

std::string select_progress_sql(const TableNames& names) {
  return fmt::format(
      "SELECT revision, direction, section_checksum, statements_done, statements_total, "
      "done_checksum, version_changes, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS TZ'), "
      "started_by || ' on ' || client FROM {} WHERE version_table = {}",
      names.qualified_progress(), key_literal(names));
}

SqlText progress_start_sql(const TableNames& names, const ProgressStart& start) {
  return SqlText{
      fmt::format("INSERT INTO {} (version_table, revision, direction, section_checksum, "
                  "statements_done, statements_total, done_checksum, version_changes, client) "
                  "VALUES ({}, {}, {}, {}, 0, {}, '', {}, {});\n",
                  names.qualified_progress(), key_literal(names), quote_literal(start.revision),
                  quote_literal(to_string(start.direction)), quote_literal(start.section_checksum),
                  start.statements, quote_literal(start.version_changes),
                  quote_literal(start.client)),
      1, std::nullopt};
}

SqlText progress_advance_sql(const TableNames& names, std::size_t done,
                             std::string_view done_checksum) {
  return SqlText{fmt::format("UPDATE {} SET statements_done = {}, done_checksum = {}, "
                             "updated_at = clock_timestamp() WHERE version_table = {};\n",
                             names.qualified_progress(), done, quote_literal(done_checksum),
                             key_literal(names)),
                 1, std::nullopt};
}

SqlText progress_clear_sql(const TableNames& names) {
  return SqlText{fmt::format("DELETE FROM {} WHERE version_table = {};\n",
                             names.qualified_progress(), key_literal(names)),
                 1, std::nullopt};
}

std::string encode_version_changes(std::span<const VersionChange> changes) {
  std::string out;
  for (const auto& change : changes) {
    if (!out.empty()) out += '\n';
    switch (change.op) {
      case VersionChange::Op::insert:
        out += "insert";
        append_field(out, change.to);
        break;
      case VersionChange::Op::update:
        out += "update";
        append_field(out, change.from);
        append_field(out, change.to);
        break;
      case VersionChange::Op::remove:
        out += "remove";
        append_field(out, change.from);
        break;
    }
  }
  return out;
}

std::optional<std::vector<VersionChange>> decode_version_changes(std::string_view text) {
  std::vector<VersionChange> changes;
  while (!text.empty()) {
    VersionChange change{VersionChange::Op::insert, {}, {}};
    std::optional<std::string> first, second;
    if (text.starts_with("insert")) {
      text.remove_prefix(6);
      second = read_field(text);
      first = std::string();
    } else if (text.starts_with("update")) {
      change.op = VersionChange::Op::update;
      text.remove_prefix(6);
      first = read_field(text);
      if (first) second = read_field(text);
    } else if (text.starts_with("remove")) {
      change.op = VersionChange::Op::remove;
      text.remove_prefix(6);
      first = read_field(text);
      second = std::string();
    }
    if (!first || !second) return std::nullopt;
    change.from = std::move(*first);
    change.to = std::move(*second);
    changes.push_back(std::move(change));
    if (text.starts_with('\n')) {
      text.remove_prefix(1);
      if (text.empty()) return std::nullopt;
    } else if (!text.empty()) {
      return std::nullopt;
    }
  }
  return changes;
}

std::string invalid_index_sql(std::string_view index_name, std::string_view table) {
  return fmt::format(
      "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_index i "
      "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE NOT i.indisvalid AND c.relname = {} AND i.indrelid = to_regclass({})",
      quote_literal(index_name), quote_literal(table));
}

std::string drop_index_concurrently_sql(std::string_view qualified_index) {
  return fmt::format("DROP INDEX CONCURRENTLY IF EXISTS {}", qualified_index);
}

}  // namespace retort::migrator
