// libFuzzer target for the safe-DDL lint (lint_sections(), PostgreSQL's
// grammar through libpg_query, the lock levels and the rules).
//
// The input is parsed as a migration file; when it is none, its bytes are an
// upgrade section starting on line 1. Its sections are linted in both scopes,
// without facts and with a live server's (lock_timeout set, a version, every
// table large), and as upgrade then downgrade of one run.
//
// Invariants checked on every input:
//  - lint_sections() throws nothing;
//  - every finding has a code lint_rules() knows, a line of the input, a
//    non-empty message and the section it was found in;
//  - a report checks no more sections than it was given.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "files/migration_parser.hpp"
#include "retort/error.hpp"
#include "retort/lint.hpp"
#include "retort/migration_files.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

retort::Revision raw_revision(std::string_view text) {
  retort::Revision revision = retort::parse_migration_file(
      "-- revision: raw\n-- down_revision:\n\n-- migrate:upgrade\n", "m.sql");
  revision.upgrade.sql = std::string(text);
  revision.upgrade.marker_line = 0;
  revision.upgrade.first_line = 1;
  return revision;
}

retort::LintFacts live_facts() {
  retort::LintFacts facts;
  facts.lock_timeout_set = true;
  facts.server_version = 170000;
  facts.table_estimate = [](const std::string& schema, const std::string& table) {
    if (schema == "pg_temp" || table.empty()) return std::optional<retort::TableEstimate>();
    return std::optional<retort::TableEstimate>(retort::TableEstimate{1e7, std::int64_t{1} << 34});
  };
  return facts;
}

void check_report(const retort::LintReport& report, std::size_t given, int lines) {
  check(report.sections <= given);
  for (const auto& finding : report.findings) {
    check(retort::find_lint_rule(finding.code) != nullptr);
    check(finding.location.line >= 1 && finding.location.line <= lines);
    check(!finding.message.empty());
    check(finding.section == "upgrade" || finding.section == "downgrade");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace retort;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<Revision> revision;
  try {
    revision = files::parse_migration(text, "m.sql").revision;
  } catch (const Error&) {
    revision = raw_revision(text);
  }
  // Lines of the input, plus one for a raw section's unterminated last line.
  const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  std::vector<LintSection> sections{{&*revision, false}};
  if (revision->downgrade) sections.push_back({&*revision, true});
  static const LintFacts k_none;
  static const LintFacts k_live = live_facts();
  try {
    for (const LintFacts* facts : {&k_none, &k_live}) {
      for (LintScope scope : {LintScope::each_revision, LintScope::plan}) {
        check_report(lint_sections(sections, *facts, scope), sections.size(), lines);
      }
    }
  } catch (...) {
    std::abort();
  }
  return 0;
}
