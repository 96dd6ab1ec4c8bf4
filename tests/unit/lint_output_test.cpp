// The forms of lint findings (lint/lint_output.hpp): the text layout, the
// JSON fields, and a SARIF 2.1.0 log checked against the schema's required
// properties, types, enums and closed property sets (sarif-schema-2.1.0:
// sarifLog, run, tool, toolComponent, reportingDescriptor, result, message,
// location, physicalLocation, artifactLocation, region).
#include <gtest/gtest.h>

#include <set>

#include "lint/lint_output.hpp"

namespace retort::lint {
namespace {

LintFinding index_finding() {
  LintFinding finding;
  finding.code = "RT101";
  finding.severity = LintSeverity::warning;
  finding.location = SourceLocation{"migrations/b2 change.sql", 6, 1};
  finding.source_line = "CREATE INDEX orders_id_idx ON orders (id);";
  finding.message = "CREATE INDEX on orders without CONCURRENTLY blocks writes while it builds";
  finding.hint = "CREATE INDEX CONCURRENTLY in a transaction:false section";
  finding.lock = "SHARE";
  finding.relation = "orders";
  finding.estimated_rows = 1234567;
  finding.estimated_bytes = 340LL * 1024 * 1024;
  finding.revision = "b2";
  finding.section = "upgrade";
  return finding;
}

LintReport sample_report() {
  LintReport report;
  report.sections = 3;
  report.statements = 4;
  report.findings.push_back(index_finding());
  LintFinding syntax;
  syntax.code = "RT001";
  syntax.severity = LintSeverity::error;
  syntax.location = SourceLocation{"/abs/path/c3.sql", 9, 30};
  syntax.source_line = "ALTER TABLE orders ADD COLUM note text;";
  syntax.message = "syntax error at or near \"text\"";
  syntax.revision = "c3";
  syntax.section = "downgrade";
  report.findings.push_back(syntax);
  return report;
}

void expect_only_keys(const nlohmann::ordered_json& object, const std::set<std::string>& allowed,
                      const std::string& what) {
  ASSERT_TRUE(object.is_object()) << what;
  for (auto it = object.begin(); it != object.end(); ++it)
    EXPECT_TRUE(allowed.count(it.key()))
        << what << " has a property the schema does not allow: " << it.key();
}

TEST(LintOutput, TextShowsLocationCodeCaretLockAndHint) {
  auto lines = finding_lines(index_finding());
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0],
            "migrations/b2 change.sql:6:1: RT101 warning: CREATE INDEX on orders without "
            "CONCURRENTLY blocks writes while it builds");
  EXPECT_EQ(lines[1], "    6 | CREATE INDEX orders_id_idx ON orders (id);");
  EXPECT_EQ(lines[2], "      | ^");
  EXPECT_EQ(lines[3], "  lock: SHARE on orders, ~1,234,567 rows, 340 MB (pg_class estimate)");
  EXPECT_EQ(lines[4], "  hint: CREATE INDEX CONCURRENTLY in a transaction:false section");
}

TEST(LintOutput, TextEscapesControlCharactersAndCutsLongMessages) {
  auto finding = index_finding();
  finding.message = "bad\x1b[31m name " + std::string(2000, 'x');
  auto lines = finding_lines(finding);
  EXPECT_EQ(lines[0].find('\x1b'), std::string::npos);
  EXPECT_LT(lines[0].size(), 600u);
}

TEST(LintOutput, SummaryCountsBySeverity) {
  EXPECT_EQ(report_summary(sample_report()),
            "1 error, 1 warning, 0 notes in 3 sections (4 statements)");
}

TEST(LintOutput, JsonFindingHasEveryField) {
  auto json = finding_json(index_finding());
  EXPECT_EQ(json["code"], "RT101");
  EXPECT_EQ(json["severity"], "warning");
  EXPECT_EQ(json["line"], 6);
  EXPECT_EQ(json["column"], 1);
  EXPECT_EQ(json["lock"], "SHARE");
  EXPECT_EQ(json["estimated_rows"], 1234567.0);
  auto bare = finding_json(sample_report().findings[1]);
  EXPECT_TRUE(bare["lock"].is_null());
  EXPECT_TRUE(bare["estimated_rows"].is_null());
}

TEST(LintOutput, SarifLogHasTheSchemasRequiredPropertiesAndNoOthers) {
  auto log = sarif_log(sample_report(), "0.1.0");
  expect_only_keys(log, {"$schema", "version", "runs", "inlineExternalProperties", "properties"},
                   "sarifLog");
  EXPECT_EQ(log.begin().key(), "version");
  EXPECT_EQ(log["version"], "2.1.0");
  ASSERT_TRUE(log["runs"].is_array());
  ASSERT_EQ(log["runs"].size(), 1u);
  const auto& run = log["runs"][0];
  ASSERT_TRUE(run.contains("tool"));
  EXPECT_TRUE(run["columnKind"] == "unicodeCodePoints" || run["columnKind"] == "utf16CodeUnits");
  const auto& driver = run["tool"]["driver"];
  ASSERT_TRUE(driver["name"].is_string());
  EXPECT_EQ(driver["name"], "retort");
  ASSERT_TRUE(driver["rules"].is_array());
  std::set<std::string> rule_ids;
  for (const auto& rule : driver["rules"]) {
    expect_only_keys(rule,
                     {"id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames",
                      "shortDescription", "fullDescription", "messageStrings",
                      "defaultConfiguration", "helpUri", "help", "relationships", "properties"},
                     "reportingDescriptor");
    ASSERT_TRUE(rule["id"].is_string());
    rule_ids.insert(rule["id"]);
    EXPECT_TRUE(rule["shortDescription"]["text"].is_string());
    const std::string level = rule["defaultConfiguration"]["level"];
    EXPECT_TRUE(level == "note" || level == "warning" || level == "error") << level;
  }
  ASSERT_TRUE(run["results"].is_array());
  ASSERT_EQ(run["results"].size(), 2u);
  for (const auto& result : run["results"]) {
    expect_only_keys(result,
                     {"ruleId",
                      "ruleIndex",
                      "rule",
                      "kind",
                      "level",
                      "message",
                      "analysisTarget",
                      "locations",
                      "guid",
                      "correlationGuid",
                      "occurrenceCount",
                      "partialFingerprints",
                      "fingerprints",
                      "stacks",
                      "codeFlows",
                      "graphs",
                      "graphTraversals",
                      "relatedLocations",
                      "suppressions",
                      "baselineState",
                      "rank",
                      "attachments",
                      "hostedViewerUri",
                      "workItemUris",
                      "provenance",
                      "fixes",
                      "taxa",
                      "webRequest",
                      "webResponse",
                      "properties"},
                     "result");
    ASSERT_TRUE(result["message"]["text"].is_string());  // message: text or id required
    EXPECT_TRUE(rule_ids.count(result["ruleId"])) << result["ruleId"];
    const auto index = result["ruleIndex"].get<std::size_t>();
    EXPECT_EQ(driver["rules"][index]["id"], result["ruleId"]);
    const auto& physical = result["locations"][0]["physicalLocation"];
    expect_only_keys(physical,
                     {"address", "artifactLocation", "region", "contextRegion", "properties"},
                     "physicalLocation");
    const std::string uri = physical["artifactLocation"]["uri"];
    EXPECT_EQ(uri.find(' '), std::string::npos) << uri;
    const auto& region = physical["region"];
    EXPECT_GE(region["startLine"].get<int>(), 1);
    EXPECT_GE(region["startColumn"].get<int>(), 1);
  }
  EXPECT_EQ(run["results"][0]["level"], "warning");
  EXPECT_EQ(run["results"][1]["level"], "error");
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "migrations/b2%20change.sql");
  EXPECT_EQ(run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///abs/path/c3.sql");
}

}  // namespace
}  // namespace retort::lint
