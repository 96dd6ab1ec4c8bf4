// The fake server's understanding of retort's progress table and of the
// INVALID-index repair (migrator/retort_sql.hpp), kept apart from the
// version-table statements in scripted_database.cpp.
#include <regex>
#include <string>

#include "support/scripted_database.hpp"

namespace retort::testing {
namespace {

bool is_progress_table(const std::string& name) {
  return name.find("\"retort_progress\"") != std::string::npos;
}

StatementResult tag_result(std::string tag, long affected = -1) {
  StatementResult result;
  result.command = affected >= 0 ? tag + " " + std::to_string(affected) : tag;
  result.affected = affected;
  return result;
}

StatementResult row_result(std::vector<Row> rows) {
  StatementResult result;
  result.command = "SELECT " + std::to_string(rows.size());
  result.affected = static_cast<long>(rows.size());
  result.rows = std::move(rows);
  return result;
}

std::string unquote(std::string text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;
  }
  return out;
}

}  // namespace

std::optional<std::string> apply_progress_statement(std::string_view text, ScriptedState& state,
                                                    const std::string& connection_pid,
                                                    std::vector<StatementResult>& results) {
  static const std::regex create(R"(^CREATE TABLE IF NOT EXISTS (\S+) \()");
  static const std::regex exists(
      R"(^SELECT to_regclass\('(.*)'\) IS NOT NULL, pg_backend_pid\(\)$)");
  static const std::regex insert(
      R"(^INSERT INTO (\S+) \(version_table, revision, direction, section_checksum, statements_done, statements_total, done_checksum, version_changes, client\) VALUES \('[^']*', '([^']*)', '([^']*)', '([^']*)', 0, (\d+), '', '((?:[^']|'')*)', '(?:[^']|'')*'\)$)");
  static const std::regex advance(
      R"(^UPDATE (\S+) SET statements_done = (\d+), done_checksum = '([^']*)',)");
  static const std::regex clear(R"(^DELETE FROM (\S+) WHERE version_table = )");
  static const std::regex select(
      R"(^SELECT revision, direction, section_checksum, .* FROM (\S+) WHERE)");
  static const std::regex invalid(R"(^SELECT quote_ident\(n\.nspname\).* c\.relname = '([^']*)')");
  static const std::regex drop(R"re(^DROP INDEX CONCURRENTLY IF EXISTS "public"\."(.*)"$)re");
  const std::string statement(text);
  std::smatch match;
  auto table_missing = [&] {
    return !state.progress_table ? std::optional<std::string>("42P01") : std::nullopt;
  };

  if (std::regex_search(statement, match, create) && is_progress_table(match[1].str())) {
    state.progress_table = true;
    state.tables.insert(match[1].str());
    results.push_back(tag_result("CREATE TABLE"));
  } else if (std::regex_search(statement, match, exists)) {
    bool found = is_progress_table(match[1].str()) && state.progress_table;
    results.push_back(row_result({Row{std::string(found ? "t" : "f"), connection_pid}}));
  } else if (std::regex_search(statement, match, insert) && is_progress_table(match[1].str())) {
    if (auto missing = table_missing()) return missing;
    if (state.progress) return std::string("23505");
    state.progress = ScriptedState::ProgressRow{
        match[2].str(),         match[3].str(), match[4].str(), 0, std::stoul(match[5].str()), "",
        unquote(match[6].str())};
    results.push_back(tag_result("INSERT 0", 1));
  } else if (std::regex_search(statement, match, advance) && is_progress_table(match[1].str())) {
    if (auto missing = table_missing()) return missing;
    long affected = state.progress ? 1 : 0;
    if (state.progress) {
      state.progress->done = std::stoul(match[2].str());
      state.progress->done_checksum = match[3].str();
    }
    results.push_back(tag_result("UPDATE", affected));
  } else if (std::regex_search(statement, match, clear) && is_progress_table(match[1].str())) {
    if (auto missing = table_missing()) return missing;
    long affected = state.progress ? 1 : 0;
    state.progress.reset();
    results.push_back(tag_result("DELETE", affected));
  } else if (std::regex_search(statement, match, select) && is_progress_table(match[1].str())) {
    if (auto missing = table_missing()) return missing;
    std::vector<Row> rows;
    if (const auto& p = state.progress) {
      rows.push_back(Row{p->revision, p->direction, p->section_checksum, std::to_string(p->done),
                         std::to_string(p->total), p->done_checksum, p->version_changes,
                         std::string("2026-12-01 10:00:00 UTC"),
                         std::string("deploy on ci-runner pid 4242")});
    }
    results.push_back(row_result(std::move(rows)));
  } else if (std::regex_search(statement, match, invalid)) {
    std::vector<Row> rows;
    if (state.invalid_indexes.count(match[1].str())) {
      rows.push_back(Row{"\"public\".\"" + match[1].str() + "\""});
    }
    results.push_back(row_result(std::move(rows)));
  } else if (std::regex_search(statement, match, drop)) {
    state.invalid_indexes.erase(match[1].str());
    results.push_back(tag_result("DROP INDEX"));
  } else {
    return std::nullopt;
  }
  return std::string();
}

}  // namespace retort::testing
