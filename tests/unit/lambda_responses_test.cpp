// What an invocation answers (lambda.md "Responses" and "CloudFormation
// custom resources"): error types and bodies, the JSON summary, the
// CloudFormation response document, and the small parsers around them.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "lambda/cloudformation.hpp"
#include "lambda/summary.hpp"
#include "retort/config.hpp"
#include "retort/error.hpp"
#include "retort/lambda/invocation.hpp"
#include "retort/lambda/payload.hpp"
#include "retort/lambda/runtime.hpp"

namespace retort::lambda {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;
using Strings = std::vector<std::string>;

constexpr std::size_t k_summary_limit = 4000;
constexpr std::size_t k_cloudformation_limit = 4096;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Parses `text`, failing the test (not crashing it) when it is not JSON.
json parse_json(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::exception& error) {
    ADD_FAILURE() << "not valid JSON (" << error.what() << "): " << text.substr(0, 300);
    return json::object();
  }
}

std::vector<ErrorKind> all_error_kinds() {
  std::vector<ErrorKind> kinds;
  for (int i = 0; i <= static_cast<int>(ErrorKind::deadline); ++i)
    kinds.push_back(static_cast<ErrorKind>(i));
  return kinds;
}

RunResult run_result(Strings before, Strings after, const Strings& applied) {
  RunResult result;
  result.rows_before = std::move(before);
  result.rows_after = std::move(after);
  for (const auto& revision : applied) {
    result.applied.push_back(AppliedStep{revision, Direction::upgrade,
                                         fmt::format("Running upgrade -> {}", revision), 1.5});
  }
  result.up_to_date = applied.empty();
  return result;
}

CloudFormationEvent cloudformation_event(std::string request_type,
                                         std::string physical_resource_id = {}) {
  return CloudFormationEvent{std::move(request_type),
                             "https://example.invalid/response?X-Amz-Signature=abc",
                             "arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/guid",
                             "5d478078-13e9-baf0-464a-7ef285ecc786",
                             "Migrations",
                             std::move(physical_resource_id),
                             false};
}

// ---------------------------------------------------------------------------
// error_type / error_body

TEST(LambdaErrorType, DocumentedKinds) {
  struct Row {
    ErrorKind kind;
    const char* expected;
  };
  const std::vector<Row> rows = {
      {ErrorKind::migration, "Function.MigrationFailed"},
      {ErrorKind::lock_timeout, "Function.LockTimeout"},
      {ErrorKind::usage, "Function.InvalidArguments"},
      {ErrorKind::config, "Function.ConfigInvalid"},
      {ErrorKind::payload, "Function.InvalidPayload"},
      {ErrorKind::not_allowed, "Function.CommandNotAllowed"},
      {ErrorKind::deadline, "Function.DeadlineExceeded"},
  };
  std::set<std::string> seen;
  for (const auto& row : rows) {
    SCOPED_TRACE(to_string(row.kind));
    EXPECT_EQ(error_type(row.kind), row.expected);
    seen.insert(error_type(row.kind));
  }
  EXPECT_EQ(seen.size(), rows.size()) << "documented kinds share an errorType";
}

TEST(LambdaErrorType, EveryKindHasASpecificFunctionType) {
  std::set<std::string> types;
  for (ErrorKind kind : all_error_kinds()) {
    SCOPED_TRACE(to_string(kind));
    ASSERT_STRNE(to_string(kind), "unknown");
    const std::string type = error_type(kind);
    types.insert(type);
    ASSERT_TRUE(type.rfind("Function.", 0) == 0) << type;
    const std::string reason = type.substr(9);
    ASSERT_FALSE(reason.empty());
    EXPECT_TRUE(std::isupper(static_cast<unsigned char>(reason.front()))) << type;
    for (char c : reason) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << type;
    // The fallback is for values outside the enum only.
    EXPECT_NE(type, "Function.Error");
  }
  // Kinds may share a type (usage and target are both bad arguments), but a
  // caller must still tell the failure classes apart.
  EXPECT_GE(types.size(), 10u);
  // Failures of different exit-code classes never share a type.
  for (ErrorKind a : all_error_kinds()) {
    for (ErrorKind b : all_error_kinds()) {
      if (exit_code(a) != exit_code(b)) {
        EXPECT_NE(error_type(a), error_type(b)) << to_string(a) << " vs " << to_string(b);
      }
    }
  }
}

TEST(LambdaErrorBody, CarriesLocationMessageSqlstateAndHint) {
  struct Row {
    const char* name;
    Error error;
    Strings expected_parts;
    Strings absent_parts;
  };
  const std::vector<Row> rows = {
      {"migration failure with everything",
       Error(ErrorKind::migration, "relation \"orders\" does not exist",
             SourceLocation{"migrations/1a2b_add_orders.sql", 12, 5},
             "create the table in an earlier revision", "42P01"),
       {"migrations/1a2b_add_orders.sql:12:5", "relation \"orders\" does not exist", "42P01",
        "create the table in an earlier revision"},
       {}},
      {"lock timeout without location",
       Error(ErrorKind::lock_timeout, "another retort run holds the lock", std::nullopt,
             "raise lock_wait_s"),
       {"another retort run holds the lock", "raise lock_wait_s"},
       {"SQLSTATE"}},
      {"config error without hint",
       Error(ErrorKind::config, "unknown key 'x'", SourceLocation{"/var/task/retort.yaml", 3, 1}),
       {"/var/task/retort.yaml:3:1", "unknown key 'x'"},
       {"SQLSTATE", "Hint"}},
      {"line only",
       Error(ErrorKind::migration_file, "bad header", SourceLocation{"m/x.sql", 7, 0}),
       {"m/x.sql:7", "bad header"},
       {"m/x.sql:7:0"}},
      {"invalid UTF-8 in the server message",
       Error(ErrorKind::database, "invalid byte sequence \xff\xfe here", std::nullopt, {}, "22021"),
       {"invalid byte sequence", "here", "22021"},
       {}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const std::string text = error_body(row.error);
    json body = parse_json(text);
    ASSERT_TRUE(body.is_object());
    ASSERT_TRUE(body.contains("errorMessage") && body["errorMessage"].is_string()) << text;
    const std::string message = body["errorMessage"];
    for (const auto& part : row.expected_parts)
      EXPECT_TRUE(contains(message, part)) << "'" << part << "' not in: " << message;
    for (const auto& part : row.absent_parts)
      EXPECT_FALSE(contains(message, part)) << "'" << part << "' in: " << message;
    if (row.error.location()) {
      // Specific first: the message starts where the problem is.
      EXPECT_EQ(message.rfind(row.error.location()->file, 0), 0u) << message;
    }
    EXPECT_EQ(body["errorType"], error_type(row.error.kind()));
    ASSERT_TRUE(body.contains("stackTrace"));
    EXPECT_TRUE(body["stackTrace"].is_array());
    EXPECT_TRUE(body["stackTrace"].empty());
  }
}

// ---------------------------------------------------------------------------
// stop_margin

TEST(LambdaStopMargin, FiveSecondsOrASixthOfTheTimeLeft) {
  struct Row {
    milliseconds left;
    milliseconds expected;
  };
  const std::vector<Row> rows = {
      {milliseconds(0), milliseconds(0)},        {milliseconds(600), milliseconds(100)},
      {milliseconds(3000), milliseconds(500)},   {milliseconds(6000), milliseconds(1000)},
      {milliseconds(12000), milliseconds(2000)}, {milliseconds(29994), milliseconds(4999)},
      {milliseconds(30000), milliseconds(5000)}, {milliseconds(30006), milliseconds(5000)},
      {milliseconds(60000), milliseconds(5000)}, {milliseconds(900000), milliseconds(5000)},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.left.count());
    const milliseconds margin = stop_margin(row.left);
    EXPECT_EQ(margin, row.expected);
    EXPECT_LE(margin, milliseconds(5000));
    EXPECT_LE(margin, row.left);
    EXPECT_GE(margin, milliseconds(0));
  }
}

// ---------------------------------------------------------------------------
// summary_json

TEST(LambdaSummary, RunResultFields) {
  const InvocationPlan plan{{"upgrade", "head"}, {}, std::nullopt};
  CommandOutcome outcome;
  outcome.command = "upgrade";
  outcome.run = run_result({"a1"}, {"c3"}, {"b2", "c3"});
  outcome.output = {"Running upgrade a1 -> b2", "Running upgrade b2 -> c3"};
  const std::string id = "retort:shop:public";
  const std::string text = summary_json(SummaryFields{plan, outcome, 12.4, id, {}});
  EXPECT_LE(text.size(), k_summary_limit);
  json doc = parse_json(text);
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["command"], "upgrade");
  EXPECT_EQ(doc["from"], json(Strings{"a1"}));
  EXPECT_EQ(doc["to"], json(Strings{"c3"}));
  EXPECT_EQ(doc["applied"], json(Strings{"b2", "c3"}));
  EXPECT_EQ(doc["applied_count"], 2);
  EXPECT_EQ(doc["up_to_date"], false);
  EXPECT_EQ(doc["duration_ms"], 12);
  EXPECT_EQ(doc["output"], json(outcome.output));
  for (const char* key :
       {"skipped", "error", "PhysicalResourceId", "Data", "cloudformation", "applied_truncated"}) {
    EXPECT_FALSE(doc.contains(key)) << key << " in " << text;
  }
}

TEST(LambdaSummary, RunShapes) {
  struct Row {
    const char* name;
    Strings before, after, applied;
    bool up_to_date;
  };
  const std::vector<Row> rows = {
      {"up to date", {"c3"}, {"c3"}, {}, true},
      {"from an empty database", {}, {"a1"}, {"a1"}, false},
      {"two heads merged", {"b2", "x9"}, {"m4"}, {"m4"}, false},
      {"branches upgraded", {"a1"}, {"b2", "x9"}, {"b2", "x9"}, false},
  };
  const InvocationPlan plan{{"upgrade", "heads"}, {}, std::nullopt};
  const std::string id = "retort:shop:public";
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    CommandOutcome outcome;
    outcome.command = "upgrade";
    outcome.run = run_result(row.before, row.after, row.applied);
    json doc = parse_json(summary_json(SummaryFields{plan, outcome, 0, id, {}}));
    EXPECT_EQ(doc["ok"], true);
    EXPECT_EQ(doc["from"], json(row.before));
    EXPECT_EQ(doc["to"], json(row.after));
    EXPECT_EQ(doc["applied"], json(row.applied));
    EXPECT_EQ(doc["applied_count"], row.applied.size());
    EXPECT_EQ(doc["up_to_date"], row.up_to_date);
  }
}

TEST(LambdaSummary, CommandWithoutRunHasNoRevisionFields) {
  const InvocationPlan plan{{"current"}, {}, std::nullopt};
  CommandOutcome outcome;
  outcome.command = "current";
  outcome.output = {"c3 (head)"};
  const std::string id = "retort:shop:public";
  json doc = parse_json(summary_json(SummaryFields{plan, outcome, 3, id, {}}));
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["command"], "current");
  EXPECT_EQ(doc["output"], json(Strings{"c3 (head)"}));
  for (const char* key : {"from", "to", "applied", "applied_count", "up_to_date"})
    EXPECT_FALSE(doc.contains(key)) << key;
}

TEST(LambdaSummary, SkippedPlan) {
  const InvocationPlan plan = parse_payload(R"({"tf":{"action":"delete"}})", LambdaConfig{});
  ASSERT_FALSE(plan.skip_reason.empty());
  const CommandOutcome outcome;
  const std::string id = "retort:shop:public";
  json doc = parse_json(summary_json(SummaryFields{plan, outcome, 0.2, id, {}}));
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["skipped"], plan.skip_reason);
  EXPECT_TRUE(doc["command"].is_null()) << doc.dump();
  EXPECT_TRUE(doc["output"].is_array());
  EXPECT_TRUE(doc["output"].empty());
  for (const char* key : {"from", "to", "applied", "error"}) EXPECT_FALSE(doc.contains(key)) << key;
}

TEST(LambdaSummary, ErrorOutcome) {
  const InvocationPlan plan{{"upgrade", "head"}, {}, std::nullopt};
  CommandOutcome outcome;
  outcome.command = "upgrade";
  outcome.error = Error(ErrorKind::migration, "division by zero",
                        SourceLocation{"migrations/b2_x.sql", 4, 8}, {}, "22012");
  outcome.output = {"Running upgrade a1 -> b2"};
  const std::string id = "retort:shop:public";
  json doc = parse_json(summary_json(SummaryFields{plan, outcome, 5, id, {}}));
  EXPECT_EQ(doc["ok"], false);
  ASSERT_TRUE(doc.contains("error"));
  ASSERT_TRUE(doc["error"].is_string());
  const std::string error = doc["error"];
  EXPECT_TRUE(contains(error, "division by zero")) << error;
  EXPECT_TRUE(contains(error, "migrations/b2_x.sql:4:8")) << error;
  EXPECT_EQ(doc["command"], "upgrade");
}

TEST(LambdaSummary, ProviderModeCloudFormation) {
  struct Row {
    const char* name;
    std::string event_physical_id;  // empty on Create
    Strings before, after, applied;
    std::string expected_from, expected_to, expected_count;
    std::string expected_id;
  };
  const std::string id = "retort:shop:public";
  const std::vector<Row> rows = {
      {"Create", "", {"a1"}, {"c3"}, {"b2", "c3"}, "a1", "c3", "2", id},
      {"Update echoes its id",
       "retort:old:public",
       {"c3"},
       {"c3"},
       {},
       "c3",
       "c3",
       "0",
       "retort:old:public"},
      {"several heads", "", {"b2", "x9"}, {"m4"}, {"m4"}, "b2,x9", "m4", "1", id},
      {"empty database", "", {}, {"a1"}, {"a1"}, "", "a1", "1", id},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const InvocationPlan plan{
        {"upgrade", "head"}, {}, cloudformation_event("Create", row.event_physical_id)};
    CommandOutcome outcome;
    outcome.command = "upgrade";
    outcome.run = run_result(row.before, row.after, row.applied);
    const std::string text = summary_json(SummaryFields{plan, outcome, 40, id, {}});
    EXPECT_LE(text.size(), k_summary_limit);
    json doc = parse_json(text);
    EXPECT_EQ(doc["ok"], true);
    EXPECT_EQ(doc["PhysicalResourceId"], row.expected_id);
    ASSERT_TRUE(doc["Data"].is_object()) << text;
    // CloudFormation's Data values are strings.
    EXPECT_EQ(doc["Data"]["FromRevision"], row.expected_from);
    EXPECT_EQ(doc["Data"]["ToRevision"], row.expected_to);
    EXPECT_EQ(doc["Data"]["AppliedCount"], row.expected_count);
    EXPECT_FALSE(doc.contains("cloudformation"));
  }
}

TEST(LambdaSummary, ProviderModeDeleteHasEmptyDataObject) {
  LambdaConfig config;
  json event = {{"RequestType", "Delete"},
                {"ResponseURL", "https://example.invalid/r"},
                {"StackId", "arn:stack"},
                {"RequestId", "req-1"},
                {"LogicalResourceId", "Migrations"},
                {"PhysicalResourceId", "retort:shop:public"}};
  const InvocationPlan plan = parse_payload(event.dump(), config);
  ASSERT_TRUE(plan.argv.empty());
  const CommandOutcome outcome;
  const std::string id = "retort:other:public";
  const std::string text = summary_json(SummaryFields{plan, outcome, 1, id, {}});
  json doc = parse_json(text);
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["skipped"], plan.skip_reason);
  // A Delete must answer with the id it was given.
  EXPECT_EQ(doc["PhysicalResourceId"], "retort:shop:public");
  ASSERT_TRUE(doc.contains("Data")) << text;
  EXPECT_TRUE(doc["Data"].is_object()) << text;
  EXPECT_TRUE(doc["Data"].empty()) << text;
}

TEST(LambdaSummary, DirectModeReportsTheStatusSent) {
  for (const char* status : {"SUCCESS", "FAILED"}) {
    SCOPED_TRACE(status);
    CloudFormationEvent event = cloudformation_event("Create");
    event.direct = true;
    const InvocationPlan plan{{"upgrade", "head"}, {}, event};
    CommandOutcome outcome;
    outcome.command = "upgrade";
    outcome.run = run_result({"a1"}, {"b2"}, {"b2"});
    const std::string id = "retort:shop:public";
    json doc = parse_json(summary_json(SummaryFields{plan, outcome, 1, id, status}));
    EXPECT_EQ(doc["cloudformation"], status);
    EXPECT_FALSE(doc.contains("PhysicalResourceId"));
    EXPECT_FALSE(doc.contains("Data"));
    EXPECT_EQ(doc["applied"], json(Strings{"b2"}));
  }
}

TEST(LambdaSummary, OutputKeepsTheLastTwentyLines) {
  const InvocationPlan plan{{"history"}, {}, std::nullopt};
  CommandOutcome outcome;
  outcome.command = "history";
  for (int i = 0; i < 57; ++i) outcome.output.push_back(fmt::format("line {}", i));
  const std::string id = "retort:shop:public";
  json doc = parse_json(summary_json(SummaryFields{plan, outcome, 1, id, {}}));
  const Strings expected(outcome.output.end() - 20, outcome.output.end());
  EXPECT_EQ(doc["output"], json(expected));

  outcome.output.resize(3);
  doc = parse_json(summary_json(SummaryFields{plan, outcome, 1, id, {}}));
  EXPECT_EQ(doc["output"], json(outcome.output));
}

TEST(LambdaSummary, LongOutputLinesAreShortenedAndStayValidUtf8) {
  const InvocationPlan plan{{"show", "head"}, {}, std::nullopt};
  CommandOutcome outcome;
  outcome.command = "show";
  std::string multibyte = "x";  // an odd prefix puts the cut inside a 2-byte character
  for (int i = 0; i < 400; ++i) multibyte += "\xc3\xa9";  // é
  outcome.output = {std::string(1000, 'a'), multibyte, "short"};
  const std::string id = "retort:shop:public";
  const std::string text = summary_json(SummaryFields{plan, outcome, 1, id, {}});
  EXPECT_LE(text.size(), k_summary_limit);
  json doc = parse_json(text);
  ASSERT_EQ(doc["output"].size(), 3u);
  const std::string first = doc["output"][0];
  EXPECT_LT(first.size(), 1000u);
  EXPECT_EQ(first.rfind("aaaa", 0), 0u);
  const std::string second = doc["output"][1];
  EXPECT_LT(second.size(), multibyte.size());
  EXPECT_EQ(doc["output"][2], "short");
}

TEST(LambdaSummary, SizeCapKeepsTheLastAppliedRevision) {
  for (bool cloudformation : {false, true}) {
    SCOPED_TRACE(cloudformation ? "provider-mode CloudFormation" : "plain");
    Strings applied;
    for (int i = 0; i < 3000; ++i) applied.push_back(fmt::format("{:012x}", 0x1000000 + i * 7919));
    CommandOutcome outcome;
    outcome.command = "upgrade";
    outcome.run = run_result({"base0"}, {applied.back()}, applied);
    for (int i = 0; i < 100; ++i)
      outcome.output.push_back(fmt::format("{:03d} {}", i, std::string(250, 'o')));
    InvocationPlan plan{{"upgrade", "head"}, {}, std::nullopt};
    if (cloudformation) plan.cloudformation = cloudformation_event("Create");
    const std::string id = "retort:shop:public";
    const std::string text = summary_json(SummaryFields{plan, outcome, 123456, id, {}});
    EXPECT_LE(text.size(), k_summary_limit);
    json doc = parse_json(text);
    ASSERT_TRUE(doc["applied"].is_array());
    ASSERT_FALSE(doc["applied"].empty());
    EXPECT_LT(doc["applied"].size(), applied.size());
    EXPECT_EQ(doc["applied"].back(), applied.back());
    // What is kept is the tail, in order.
    const std::size_t kept = doc["applied"].size();
    EXPECT_EQ(doc["applied"],
              json(Strings(applied.end() - static_cast<long>(kept), applied.end())));
    EXPECT_EQ(doc["applied_truncated"], true);
    EXPECT_EQ(doc["applied_count"], applied.size());  // the real count
    EXPECT_EQ(doc["to"], json(Strings{applied.back()}));
    EXPECT_LE(doc["output"].size(), 20u);
    if (!doc["output"].empty()) {
      EXPECT_EQ(doc["output"].back().get<std::string>().substr(0, 3), "099");
    }
    if (cloudformation) {
      EXPECT_EQ(doc["Data"]["AppliedCount"], "3000");
      EXPECT_EQ(doc["Data"]["ToRevision"], applied.back());
    }
  }
}

TEST(LambdaSummary, SizeCapDropsOldOutputBeforeRevisions) {
  Strings applied;
  for (int i = 0; i < 10; ++i) applied.push_back(fmt::format("rev{:04d}", i));
  CommandOutcome outcome;
  outcome.command = "upgrade";
  outcome.run = run_result({}, {applied.back()}, applied);
  for (int i = 0; i < 30; ++i)
    outcome.output.push_back(fmt::format("{:02d} {}", i, std::string(290, '-')));
  const InvocationPlan plan{{"upgrade", "head"}, {}, std::nullopt};
  const std::string id = "retort:shop:public";
  const std::string text = summary_json(SummaryFields{plan, outcome, 1, id, {}});
  EXPECT_LE(text.size(), k_summary_limit);
  json doc = parse_json(text);
  EXPECT_EQ(doc["applied"], json(applied));
  EXPECT_FALSE(doc.contains("applied_truncated"));
  ASSERT_FALSE(doc["output"].empty());
  EXPECT_LT(doc["output"].size(), 20u);
  EXPECT_EQ(doc["output"].back().get<std::string>().substr(0, 2), "29");
}

// The header promises "always under 4096 bytes", whatever the error says.
TEST(LambdaSummary, LongErrorMessageStaysUnderTheCap) {
  const InvocationPlan plan{{"upgrade", "head"}, {}, cloudformation_event("Create")};
  CommandOutcome outcome;
  outcome.command = "upgrade";
  outcome.error = Error(ErrorKind::migration, "syntax error at or near " + std::string(10000, 'x'),
                        SourceLocation{"migrations/b2.sql", 1, 1}, {}, "42601");
  const std::string id = "retort:shop:public";
  const std::string text = summary_json(SummaryFields{plan, outcome, 1, id, "FAILED"});
  EXPECT_LE(text.size(), k_summary_limit);
  json doc = parse_json(text);
  EXPECT_EQ(doc["ok"], false);
  ASSERT_TRUE(doc["error"].is_string());
  EXPECT_TRUE(contains(doc["error"].get<std::string>(), "syntax error at or near"));
}

// ---------------------------------------------------------------------------
// cloudformation_document

TEST(LambdaCloudFormationDocument, Fields) {
  struct Row {
    const char* name;
    std::string event_physical_id;
    CloudFormationAnswer answer;
    const char* expected_status;
    std::string expected_id;
  };
  const std::string id = "retort:shop:public";
  const std::vector<Row> rows = {
      {"Create succeeded",
       "",
       {true,
        "retort upgrade succeeded",
        {{"FromRevision", ""}, {"ToRevision", "c3"}, {"AppliedCount", "3"}}},
       "SUCCESS",
       id},
      {"Update failed keeps the event's id",
       "retort:shop:public-old",
       {false, "migrations/b2.sql:3:1: division by zero (SQLSTATE 22012)", {}},
       "FAILED",
       "retort:shop:public-old"},
      {"Delete echoes its id",
       "retort:other:s",
       {true, "nothing to do", {}},
       "SUCCESS",
       "retort:other:s"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const CloudFormationEvent event = cloudformation_event("Update", row.event_physical_id);
    const std::string text = cloudformation_document(event, id, row.answer);
    EXPECT_LT(text.size(), k_cloudformation_limit);
    json doc = parse_json(text);
    EXPECT_EQ(doc["Status"], row.expected_status);
    EXPECT_EQ(doc["Reason"], row.answer.reason);
    EXPECT_EQ(doc["PhysicalResourceId"], row.expected_id);
    EXPECT_EQ(doc["StackId"], event.stack_id);
    EXPECT_EQ(doc["RequestId"], event.request_id);
    EXPECT_EQ(doc["LogicalResourceId"], event.logical_resource_id);
    ASSERT_TRUE(doc["Data"].is_object()) << text;
    EXPECT_EQ(doc["Data"].size(), row.answer.data.size());
    for (const auto& [key, value] : row.answer.data) EXPECT_EQ(doc["Data"][key], value) << key;
    // The ResponseURL is where the document goes, not part of it.
    EXPECT_FALSE(contains(text, "X-Amz-Signature"));
  }
}

TEST(LambdaCloudFormationDocument, LongReasonIsCutToFit) {
  const std::string euro = "\xe2\x82\xac";       // 3 bytes
  const std::string e_acute = "\xc3\xa9";        // 2 bytes
  const std::string emoji = "\xf0\x9f\x90\x98";  // 4 bytes
  struct Row {
    std::string name;
    std::string reason;
  };
  std::vector<Row> rows;
  // Each filler at several alignments, so that the cut lands on every byte
  // of a multi-byte character in one row or another.
  for (const std::string& filler : {euro, e_acute, emoji, std::string("a")}) {
    for (int prefix = 0; prefix < 4; ++prefix) {
      std::string reason(static_cast<std::size_t>(prefix), 'p');
      while (reason.size() < 10000) reason += filler;
      rows.push_back({fmt::format("{} bytes per char, prefix {}", filler.size(), prefix), reason});
    }
  }
  {
    std::string mixed;
    for (int i = 0; mixed.size() < 10000; ++i)
      mixed += i % 3 == 0 ? euro : i % 3 == 1 ? e_acute : std::string("\"\n");
    rows.push_back({"mixed, with characters JSON escapes", mixed});
  }
  const CloudFormationEvent event = cloudformation_event("Create");
  const CloudFormationAnswer base{
      false, "", {{"FromRevision", "a1"}, {"ToRevision", "a1"}, {"AppliedCount", "0"}}};
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    CloudFormationAnswer answer = base;
    answer.reason = row.reason;
    std::string text;
    try {
      text = cloudformation_document(event, "retort:shop:public", answer);
    } catch (const std::exception& error) {
      ADD_FAILURE() << "cloudformation_document threw: " << error.what();
      continue;
    }
    EXPECT_LT(text.size(), k_cloudformation_limit);
    json doc = parse_json(text);
    ASSERT_TRUE(doc.is_object());
    ASSERT_TRUE(doc["Reason"].is_string()) << text.substr(0, 200);
    const std::string reason = doc["Reason"];
    EXPECT_TRUE(ends_with(reason, "[...]"))
        << reason.substr(reason.size() > 40 ? reason.size() - 40 : 0);
    // What is kept is the start of the reason.
    const std::string kept = reason.substr(0, reason.size() - std::string("[...]").size());
    EXPECT_GT(kept.size(), 1000u);
    EXPECT_EQ(row.reason.compare(0, kept.size() - 1, kept, 0, kept.size() - 1), 0);
    EXPECT_EQ(doc["Status"], "FAILED");
    EXPECT_EQ(doc["Data"]["AppliedCount"], "0");
  }
}

// ---------------------------------------------------------------------------
// physical_resource_id

TEST(LambdaPhysicalResourceId, DatabaseAndSchema) {
  struct Row {
    const char* url;
    const char* schema;  // nullptr: the default
    const char* expected;
  };
  const std::vector<Row> rows = {
      {"postgresql://u:p@h:5432/shop?sslmode=require", nullptr, "retort:shop:public"},
      {"postgresql://u:p@h:5432/shop", nullptr, "retort:shop:public"},
      {"postgresql://h/shop", "migrations", "retort:shop:migrations"},
      {"postgresql:///shop?host=/var/run/postgresql", nullptr, "retort:shop:public"},
      {"host=x dbname=shop", nullptr, "retort:shop:public"},
      {"dbname=shop host=x port=5432", nullptr, "retort:shop:public"},
      {"host=x dbname=orders", "app", "retort:orders:app"},
      {"", nullptr, "retort:default:public"},
      {"", "audit", "retort:default:audit"},
      {"postgresql://h:5432", nullptr, "retort:default:public"},
      {"host=x user=u", nullptr, "retort:default:public"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.url);
    Config config;
    config.url = row.url;
    if (row.schema) config.version_table_schema = row.schema;
    const std::string id = physical_resource_id(config);
    EXPECT_EQ(id, row.expected);
    EXPECT_FALSE(contains(id, ":p@")) << "password leaked";
  }
}

// ---------------------------------------------------------------------------
// parse_listen_address

TEST(LambdaListenAddress, Accepted) {
  struct Row {
    const char* text;
    const char* host;
    int port;
  };
  const std::vector<Row> rows = {
      {"0.0.0.0:8080", "0.0.0.0", 8080}, {"127.0.0.1:9000", "127.0.0.1", 9000},
      {":9000", "0.0.0.0", 9000},        {"9000", "0.0.0.0", 9000},
      {"localhost:0", "localhost", 0},   {"1.2.3.4:65535", "1.2.3.4", 65535},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    const auto [host, port] = parse_listen_address(row.text);
    EXPECT_EQ(host, row.host);
    EXPECT_EQ(port, row.port);
  }
}

TEST(LambdaListenAddress, Rejected) {
  for (const char* text : {"abc", "1.2.3.4:", "host:99999", "", ":", "65536", "80a", "-1",
                           "host:port", "1.2.3.4:80:", "99999999999999999999"}) {
    SCOPED_TRACE(text);
    try {
      parse_listen_address(text);
      ADD_FAILURE() << "accepted";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::usage);
      EXPECT_TRUE(contains(error.message(), std::string("'") + text + "'")) << error.message();
      EXPECT_FALSE(error.hint().empty());
    } catch (const std::exception& other) {
      ADD_FAILURE() << "threw a non-retort exception: " << other.what();
    }
  }
}

}  // namespace
}  // namespace retort::lambda
