// `retort lint` through the binary: exit codes, the text layout with the
// source line and caret, --format json, SARIF 2.1.0, syntax errors, --rules.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_project.hpp"

namespace retort::testing {
namespace {

// A project of two revisions: `orders` created by the first; the second's
// upgrade is `body`.
class LintProject {
 public:
  explicit LintProject(const std::string& body, const std::string& config_extra = "") {
    m_dir.write("config/retort.yaml", "script_location: ../migrations\n" + config_extra);
    m_dir.write("migrations/a1_orders.sql",
                "-- revision: a1\n-- down_revision:\n-- message: orders\n\n-- migrate:upgrade\n"
                "CREATE TABLE orders (id bigint PRIMARY KEY, placed_at timestamptz);\n"
                "CREATE INDEX orders_placed_at_idx ON orders (placed_at);\n\n"
                "-- migrate:downgrade\nDROP TABLE orders;\n");
    m_dir.write(
        "migrations/b2_change.sql",
        "-- revision: b2\n-- down_revision: a1\n-- message: change\n\n-- migrate:upgrade\n" + body);
  }
  ProcessResult run(const std::vector<std::string>& args) const {
    return DiamondProject::run_in(m_dir.path(), args);
  }

 private:
  TempDir m_dir;
};

const std::string k_index_on_existing = "CREATE INDEX orders_id_idx ON orders (id);\n";

TEST(LintCli, CleanProjectExitsZeroWithASummary) {
  LintProject project("CREATE TABLE notes (id bigint);\n", "lock_timeout_s: 2\n");
  auto result = project.run({"lint"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  auto lines = split_lines(result.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(), "lint: 0 errors, 0 warnings, 0 notes in 3 sections (4 statements)");
}

TEST(LintCli, FindingShowsLocationCodeSourceLineCaretLockAndHint) {
  LintProject project(k_index_on_existing, "lock_timeout_s: 2\n");
  auto result = project.run({"lint"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  auto lines = split_lines(result.out);
  ASSERT_GE(lines.size(), 5u) << result.out;
  EXPECT_EQ(lines[0].rfind("migrations/b2_change.sql:6:1: RT101 warning: ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1], "    6 | CREATE INDEX orders_id_idx ON orders (id);");
  EXPECT_EQ(lines[2], "      | ^");
  EXPECT_EQ(lines[3].rfind("  lock: SHARE on orders", 0), 0u) << lines[3];
  EXPECT_NE(lines[4].find("CONCURRENTLY"), std::string::npos) << lines[4];
  EXPECT_NE(result.err.find("lint found 0 errors, 1 warning"), std::string::npos) << result.err;
}

TEST(LintCli, IndexOnATableCreatedInTheSameRevisionIsNotFlagged) {
  // a1 creates orders and indexes it: new and empty, nothing to report.
  LintProject project("SELECT 1;\n", "lock_timeout_s: 2\n");
  auto result = project.run({"lint", "a1"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST(LintCli, SyntaxErrorPointsAtTheTokenWithoutADatabase) {
  LintProject project("ALTER TABLE orders ADD COLUM note text;\n");
  auto result = project.run({"lint", "--url", "postgresql://nobody@127.0.0.1:1/none", "--rules"});
  EXPECT_EQ(result.exit_code, 0);  // --rules lists without connecting
  result = project.run({"lint"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  auto lines = split_lines(result.out);
  ASSERT_GE(lines.size(), 3u) << result.out;
  EXPECT_EQ(lines[0].rfind("migrations/b2_change.sql:6:35: RT001 error: ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1], "    6 | ALTER TABLE orders ADD COLUM note text;");
  EXPECT_EQ(lines[2], "      |                                   ^");  // at "text"
}

TEST(LintCli, JsonDocumentCarriesEveryField) {
  LintProject project(k_index_on_existing);
  auto result = project.run({"lint", "--format", "json"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  auto document = nlohmann::json::parse(result.out);
  EXPECT_EQ(document["command"], "lint");
  EXPECT_EQ(document["mode"], "files");
  ASSERT_TRUE(document["findings"].is_array());
  std::set<std::string> codes;
  for (const auto& finding : document["findings"]) {
    codes.insert(finding["code"]);
    for (const char* key : {"rule", "severity", "file", "line", "column", "message", "hint", "lock",
                            "relation", "revision", "section"}) {
      EXPECT_TRUE(finding.contains(key)) << key;
    }
  }
  // No lock_timeout configured: the strong-lock-without-timeout finding too.
  EXPECT_EQ(codes, (std::set<std::string>{"RT101", "RT118"}));
  EXPECT_EQ(result.err.find("error:"), std::string::npos) << "one document only: " << result.err;
}

TEST(LintCli, SuppressionWithReasonSilencesAndOneWithoutIsItselfAFinding) {
  LintProject allowed(
      "-- retort:allow RT101 orders has 40 rows in every environment\n" + k_index_on_existing,
      "lock_timeout_s: 2\n");
  EXPECT_EQ(allowed.run({"lint"}).exit_code, 0);
  LintProject bare("-- retort:allow RT101\n" + k_index_on_existing, "lock_timeout_s: 2\n");
  auto result = bare.run({"lint"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.out.find("RT004"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("RT101 warning"), std::string::npos) << result.out;
}

TEST(LintCli, SarifFormatIsRefusedForOtherCommands) {
  LintProject project("SELECT 1;\n");
  auto result = project.run({"history", "--format", "sarif"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("only for `retort lint`"), std::string::npos) << result.err;
}

TEST(LintCli, RulesListsEveryCodeOnce) {
  LintProject project("SELECT 1;\n");
  auto result = project.run({"lint", "--rules", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto document = nlohmann::json::parse(result.out);
  std::set<std::string> codes;
  for (const auto& rule : document["rules"]) {
    EXPECT_TRUE(codes.insert(rule["code"]).second) << rule["code"];
    EXPECT_FALSE(rule["why"].get<std::string>().empty());
    EXPECT_FALSE(rule["safe_form"].get<std::string>().empty());
  }
  for (const char* code : {"RT001", "RT101", "RT102", "RT117", "RT118", "RT119"})
    EXPECT_TRUE(codes.count(code)) << code;
}

}  // namespace
}  // namespace retort::testing
