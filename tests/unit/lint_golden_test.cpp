// Golden files for every lint rule (tests/testdata/lint/rules/<CODE>/): a
// migrations/ directory where the rule fires on an existing table
// (1_fires), does not on the safe form (2_safe), does not on a table created
// earlier in the same revision (3_new_table), fires when the table comes
// from an earlier revision checked on its own but not when the revisions are
// one plan (4_plan_create, 5_plan_use), and is silenced by a suppression with
// a reason (6_suppressed). expected.txt lists what lint finds, for the files
// alone and for the plan. `server_version` holds facts.server_version;
// `lock_timeout_off` means no lock_timeout is configured (it is elsewhere).
// RETORT_UPDATE_GOLDEN=1 rewrites the expected files (review the diff).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "retort/lint.hpp"
#include "retort/migration_files.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;

const fs::path k_rules_dir = fs::path(RETORT_TESTDATA_DIR) / "lint" / "rules";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "5_plan_use.sql:6:1 RT101 warning", one line per finding.
std::string render(const LintReport& report) {
  std::string text;
  for (const auto& finding : report.findings) {
    text += fs::path(finding.location.file).filename().string() + ":" +
            std::to_string(finding.location.line) + ":" + std::to_string(finding.location.column) +
            " " + finding.code + " " + lint_severity_name(finding.severity) + "\n";
  }
  return text;
}

std::string lint_case(const fs::path& dir) {
  const auto revisions = load_migrations(dir / "migrations");
  LintFacts facts;
  facts.lock_timeout_set = !fs::exists(dir / "lock_timeout_off");
  if (fs::exists(dir / "server_version"))
    facts.server_version = std::stoi(read_file(dir / "server_version"));
  std::vector<LintSection> files;
  std::vector<LintSection> plan;
  for (const auto& revision : revisions) {
    files.push_back(LintSection{&revision, false});
    if (revision.downgrade) files.push_back(LintSection{&revision, true});
    plan.push_back(LintSection{&revision, false});
  }
  return "files:\n" + render(lint_sections(files, facts, LintScope::each_revision)) + "plan:\n" +
         render(lint_sections(plan, facts, LintScope::plan));
}

std::vector<fs::path> case_dirs() {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(k_rules_dir)) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

TEST(LintGolden, EveryRuleHasACase) {
  std::set<std::string> cases;
  for (const auto& dir : case_dirs()) cases.insert(dir.filename().string());
  for (const auto& rule : lint_rules()) {
    EXPECT_TRUE(cases.count(std::string(rule.code))) << "no golden case for " << rule.code;
  }
}

TEST(LintGolden, FindingsMatchTheExpectedFiles) {
  const bool update = std::getenv("RETORT_UPDATE_GOLDEN") != nullptr;
  for (const auto& dir : case_dirs()) {
    SCOPED_TRACE(dir.filename().string());
    const std::string actual = lint_case(dir);
    const fs::path expected_file = dir / "expected.txt";
    if (update) {
      std::ofstream(expected_file, std::ios::binary) << actual;
      continue;
    }
    ASSERT_TRUE(fs::exists(expected_file)) << expected_file;
    EXPECT_EQ(actual, read_file(expected_file)) << "lint of " << dir << " changed";
  }
}

// Whether `findings` (render()'s lines) has `code` in `file`.
bool has(const std::string& findings, const std::string& file, const std::string& code) {
  std::istringstream lines(findings);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(file + ":", 0) == 0 && line.find(" " + code + " ") != std::string::npos)
      return true;
  }
  return false;
}

// Each lock rule's case: it fires on the existing table, not on its safe
// form, not on a table created earlier in the revision, on a table of an
// earlier revision only when the revisions are checked one by one, and not
// where it is suppressed. CONCURRENTLY in a transaction (RT102) and
// transaction control (RT117) fail whatever the table: they fire on new ones.
TEST(LintGolden, EachRuleFiresWhereItShouldAndNowhereElse) {
  for (const auto& dir : case_dirs()) {
    const std::string code = dir.filename().string();
    if (code < "RT100") continue;  // the RT0xx cases have their own shapes
    SCOPED_TRACE(code);
    const std::string text = lint_case(dir);
    const auto split = text.find("plan:\n");
    const std::string files = text.substr(0, split);
    const std::string plan = text.substr(split);
    const bool any_table = code == "RT102" || code == "RT117";
    EXPECT_TRUE(has(files, "1_fires.sql", code)) << text;
    EXPECT_TRUE(has(plan, "1_fires.sql", code)) << text;
    EXPECT_FALSE(has(files, "2_safe.sql", code)) << text;
    EXPECT_EQ(has(files, "3_new_table.sql", code), any_table) << text;
    EXPECT_TRUE(has(files, "5_plan_use.sql", code)) << text;
    EXPECT_EQ(has(plan, "5_plan_use.sql", code), any_table) << text;
    EXPECT_FALSE(has(files, "6_suppressed.sql", code)) << text;
    EXPECT_FALSE(has(files, "6_suppressed.sql", "RT003")) << text;
  }
}

}  // namespace
}  // namespace retort
