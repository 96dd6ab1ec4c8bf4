// lint_sections() beyond the golden files: grading by the live table
// estimates (asked once per table), the server version's part (RT002 instead
// of RT001, constant defaults before PostgreSQL 11), a downgrade undoing its
// own upgrade, the fields of a finding, the report's counts and the rule table.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "retort/lint.hpp"
#include "retort/migration_files.hpp"

namespace retort {
namespace {

// A migration file with `upgrade` (and `downgrade` when not empty) as its
// sections; the upgrade's first statement is on line 6.
Revision migration(const std::string& upgrade, const std::string& downgrade = {},
                   const std::string& id = "a1") {
  std::string text = "-- revision: " + id + "\n-- down_revision:\n-- message: engine test\n\n";
  text += "-- migrate:upgrade\n" + upgrade;
  if (!downgrade.empty()) text += "\n-- migrate:downgrade\n" + downgrade;
  return parse_migration_file(text, id + ".sql");
}

LintReport lint_upgrade(const Revision& revision, const LintFacts& facts) {
  return lint_sections({LintSection{&revision, false}}, facts, LintScope::each_revision);
}

// The findings of `code`, in order.
std::vector<LintFinding> with_code(const LintReport& report, std::string_view code) {
  std::vector<LintFinding> found;
  for (const auto& finding : report.findings) {
    if (finding.code == code) found.push_back(finding);
  }
  return found;
}

// A server that knows tables "small" (120 rows, 64 kB), "mid", "big" and
// "empty", and counts the questions it is asked.
struct FakeServer {
  std::map<std::string, int> asked;

  LintFacts facts() {
    LintFacts facts;
    facts.lock_timeout_set = true;
    facts.table_estimate = [this](const std::string& schema, const std::string& table) {
      ++asked[schema.empty() ? table : schema + "." + table];
      const std::map<std::string, TableEstimate> known = {
          {"small", {120, 64 * 1024}},
          {"mid", {50'000, 10 << 20}},
          {"big", {5'000'000, std::int64_t{2} << 30}},
          {"wide", {500, std::int64_t{1} << 30}},
          {"empty", {0, 8192}},
      };
      auto found = known.find(table);
      return found == known.end() ? std::nullopt : std::optional<TableEstimate>(found->second);
    };
    return facts;
  }
};

TEST(LintEngine, GradesByTheLiveEstimateAndAsksOncePerTable) {
  FakeServer server;
  const Revision revision = migration(
      "CREATE INDEX i1 ON small (a);\n"   // line 6: small table -> info
      "CREATE INDEX i2 ON big (a);\n"     // 7: >= 1,000,000 rows -> error
      "CREATE INDEX i3 ON mid (a);\n"     // 8: in between -> the base severity
      "CREATE INDEX i4 ON absent (a);\n"  // 9: not on the server yet -> the base severity
      "CREATE INDEX i5 ON wide (a);\n"    // 10: >= 1 GiB -> error
      "CREATE INDEX i6 ON small (b);\n"   // 11: asked before
      "CREATE INDEX i7 ON big (b);\n");
  const auto findings = with_code(lint_upgrade(revision, server.facts()), lint_code::create_index);
  ASSERT_EQ(findings.size(), 7u);
  const LintSeverity expected[] = {
      LintSeverity::info,  LintSeverity::error, LintSeverity::warning, LintSeverity::warning,
      LintSeverity::error, LintSeverity::info,  LintSeverity::error};
  for (std::size_t i = 0; i < findings.size(); ++i) {
    EXPECT_EQ(findings[i].severity, expected[i]) << findings[i].relation;
  }
  EXPECT_EQ(findings[0].estimated_rows, 120.0);
  EXPECT_EQ(findings[0].estimated_bytes, 64 * 1024);
  EXPECT_FALSE(findings[3].estimated_rows) << "a table the server does not have";
  for (const auto& [table, times] : server.asked) EXPECT_EQ(times, 1) << table;
  EXPECT_EQ(server.asked.size(), 5u);
}

TEST(LintEngine, NotNullWithoutDefaultIsAnErrorWhenTheTableHasRows) {
  FakeServer server;
  const Revision revision = migration(
      "ALTER TABLE small ADD COLUMN c int NOT NULL;\n"
      "ALTER TABLE empty ADD COLUMN c int NOT NULL;\n");
  const auto findings =
      with_code(lint_upgrade(revision, server.facts()), lint_code::not_null_without_default);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].severity, LintSeverity::error) << "120 rows: the statement fails";
  EXPECT_EQ(findings[1].severity, LintSeverity::info) << "an empty small table";
}

TEST(LintEngine, WithoutALiveServerTheBaseSeverityStands) {
  LintFacts facts;
  facts.lock_timeout_set = true;
  const Revision revision = migration("CREATE INDEX i1 ON big (a);\n");
  const auto findings = with_code(lint_upgrade(revision, facts), lint_code::create_index);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, LintSeverity::warning);
  EXPECT_FALSE(findings[0].estimated_rows);
}

TEST(LintEngine, SyntaxNewerThanTheGrammarIsNotCheckedRatherThanAnError) {
  const Revision revision = migration("SELECT 1;\nCREATE TABLE t (a int,);\n");
  struct Row {
    std::optional<int> server_version;
    std::string_view code;
    LintSeverity severity;
  };
  const Row rows[] = {
      {std::nullopt, lint_code::syntax_error, LintSeverity::error},
      {150004, lint_code::syntax_error, LintSeverity::error},
      {160002, lint_code::not_checked, LintSeverity::info},
      {170000, lint_code::not_checked, LintSeverity::info},
  };
  for (const auto& row : rows) {
    LintFacts facts;
    facts.server_version = row.server_version;
    const LintReport report = lint_upgrade(revision, facts);
    ASSERT_EQ(report.findings.size(), 1u) << row.server_version.value_or(0);
    const LintFinding& finding = report.findings[0];
    EXPECT_EQ(finding.code, row.code);
    EXPECT_EQ(finding.severity, row.severity);
    // At the token the parser stopped at: the ')' after the comma.
    EXPECT_EQ(finding.location.line, 7);
    EXPECT_EQ(finding.location.column, 23);
    EXPECT_EQ(finding.source_line, "CREATE TABLE t (a int,);");
  }
}

TEST(LintEngine, ConstantDefaultsRewriteOnlyBeforePostgres11) {
  const Revision revision = migration("ALTER TABLE orders ADD COLUMN c int DEFAULT 5;\n");
  LintFacts facts;
  facts.lock_timeout_set = true;
  EXPECT_TRUE(with_code(lint_upgrade(revision, facts), lint_code::volatile_default).empty())
      << "no server version: PostgreSQL 11 or newer is assumed";
  facts.server_version = 110000;
  EXPECT_TRUE(with_code(lint_upgrade(revision, facts), lint_code::volatile_default).empty());
  facts.server_version = 100012;
  EXPECT_EQ(with_code(lint_upgrade(revision, facts), lint_code::volatile_default).size(), 1u);
}

TEST(LintEngine, ADowngradeUndoingItsOwnUpgradeBreaksNothing) {
  const Revision revision =
      migration("CREATE TABLE audit (id int);\nALTER TABLE orders ADD COLUMN note text;\n",
                "ALTER TABLE orders DROP COLUMN note;\nDROP TABLE audit;\n"
                "ALTER TABLE orders DROP COLUMN placed_at;\nDROP TABLE legacy;\n");
  LintFacts facts;
  facts.lock_timeout_set = true;
  for (LintScope scope : {LintScope::each_revision, LintScope::plan}) {
    const LintReport report = lint_sections({LintSection{&revision, true}}, facts, scope);
    const auto columns = with_code(report, lint_code::drop_column);
    const auto tables = with_code(report, lint_code::drop_table);
    ASSERT_EQ(columns.size(), 1u);
    EXPECT_EQ(columns[0].message.find("placed_at") != std::string::npos, true)
        << columns[0].message;
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].relation, "legacy");
    EXPECT_EQ(tables[0].section, "downgrade");
  }
}

TEST(LintEngine, ARenamedOwnTableAndSelectIntoCountAsCreated) {
  const Revision revision = migration(
      "CREATE TABLE tmp1 (id int);\nALTER TABLE tmp1 RENAME TO tmp2;\n"
      "SELECT 1 AS a INTO sel;\nVACUUM FULL sel;\n",
      "DROP TABLE tmp2;\nDROP TABLE sel;\n");
  LintFacts facts;
  facts.lock_timeout_set = true;
  const LintReport report =
      lint_sections({LintSection{&revision, false}, LintSection{&revision, true}}, facts,
                    LintScope::each_revision);
  EXPECT_TRUE(with_code(report, lint_code::vacuum_full).empty());
  EXPECT_TRUE(with_code(report, lint_code::drop_table).empty());
}

TEST(LintEngine, SetNotNullIgnoresAValidatedCheckBeforePostgres12) {
  const Revision revision = migration(
      "ALTER TABLE orders ADD CONSTRAINT c CHECK (note IS NOT NULL) NOT VALID;\n"
      "ALTER TABLE orders VALIDATE CONSTRAINT c;\nALTER TABLE orders ALTER COLUMN note SET NOT "
      "NULL;\n");
  LintFacts facts;
  facts.lock_timeout_set = true;
  EXPECT_TRUE(with_code(lint_upgrade(revision, facts), lint_code::set_not_null).empty());
  facts.server_version = 110000;
  EXPECT_EQ(with_code(lint_upgrade(revision, facts), lint_code::set_not_null).size(), 1u);
}

TEST(LintEngine, AFindingNamesItsRevisionSectionLockAndTable) {
  LintFacts facts;
  const Revision revision = migration("\n  CREATE INDEX i1 ON app.orders (a);\n");
  const LintReport report = lint_upgrade(revision, facts);
  const auto findings = with_code(report, lint_code::create_index);
  ASSERT_EQ(findings.size(), 1u);
  const LintFinding& finding = findings[0];
  EXPECT_EQ(finding.location, (SourceLocation{"a1.sql", 7, 3}));
  EXPECT_EQ(finding.source_line, "  CREATE INDEX i1 ON app.orders (a);");
  EXPECT_EQ(finding.lock, "SHARE");
  EXPECT_EQ(finding.relation, "app.orders");
  EXPECT_EQ(finding.revision, "a1");
  EXPECT_EQ(finding.section, "upgrade");
  EXPECT_FALSE(finding.message.empty());
  EXPECT_EQ(finding.message.find('\n'), std::string::npos);
  EXPECT_NE(finding.hint.find("CONCURRENTLY"), std::string::npos) << finding.hint;
  // Without lock_timeout the same statement also queues behind long queries.
  EXPECT_EQ(with_code(report, lint_code::no_lock_timeout).size(), 1u);
  EXPECT_EQ(report.worst(), LintSeverity::warning);
}

TEST(LintEngine, TheReportCountsSectionsAndStatements) {
  const Revision first = migration("CREATE TABLE t (a int);\nSELECT 1;\n", "DROP TABLE t;\n");
  const Revision second = migration("SELECT 2;\n", {}, "b2");
  const LintReport report = lint_sections(
      {LintSection{&first, false}, LintSection{&second, false}, LintSection{&first, true}},
      LintFacts{}, LintScope::plan);
  EXPECT_EQ(report.sections, 3u);
  EXPECT_EQ(report.statements, 4u);
  EXPECT_TRUE(lint_sections({}, LintFacts{}, LintScope::plan).findings.empty());
  EXPECT_EQ(LintReport{}.worst(), std::nullopt);
}

TEST(LintEngine, TheRuleTableIsOrderedByCodeAndComplete) {
  const auto& rules = lint_rules();
  ASSERT_FALSE(rules.empty());
  for (std::size_t i = 1; i < rules.size(); ++i) EXPECT_LT(rules[i - 1].code, rules[i].code);
  for (const auto& rule : rules) {
    EXPECT_EQ(find_lint_rule(rule.code), &rule);
    EXPECT_FALSE(rule.name.empty()) << rule.code;
    EXPECT_FALSE(rule.why.empty()) << rule.code;
    EXPECT_FALSE(rule.safe_form.empty()) << rule.code;
  }
  EXPECT_EQ(find_lint_rule("RT999"), nullptr);
  EXPECT_EQ(find_lint_rule(lint_code::syntax_error)->severity, LintSeverity::error);
  EXPECT_EQ(find_lint_rule(lint_code::concurrently_in_transaction)->severity, LintSeverity::error);
  EXPECT_EQ(find_lint_rule(lint_code::transaction_control)->severity, LintSeverity::error);
  EXPECT_EQ(find_lint_rule(lint_code::not_checked)->severity, LintSeverity::info);
  EXPECT_STREQ(lint_severity_name(LintSeverity::info), "info");
  EXPECT_STREQ(lint_severity_name(LintSeverity::warning), "warning");
  EXPECT_STREQ(lint_severity_name(LintSeverity::error), "error");
}

}  // namespace
}  // namespace retort
