// The JSON summary a successful invocation returns (docs/lambda.md "Responses"):
// its fields for each kind of outcome and its size cap.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lambda/summary.hpp"
#include "retort/lambda/invocation.hpp"
#include "retort/lambda/payload.hpp"
#include "unit/lambda_response_fixtures.hpp"

namespace retort::lambda {
namespace {

using namespace test;

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

TEST(LambdaSummary, LockRetriesAndTheLastLockTimeout) {
  const InvocationPlan plan{{"upgrade", "head"}, {}, std::nullopt};
  CommandOutcome outcome;
  outcome.command = "upgrade";
  outcome.run = run_result({"b2"}, {"c3"}, {"c3"});
  outcome.run->lock_timeouts = {lock_event(0.3), lock_event(0.6)};
  const std::string id = "retort:shop:public";
  json doc = parse_json(summary_json(SummaryFields{plan, outcome, 5, id, {}}));
  EXPECT_EQ(doc["lock_retries"], 2);
  ASSERT_EQ(doc["lock_timeouts"].size(), 1u);
  EXPECT_EQ(doc["lock_timeouts"][0]["blockers"][0]["pid"], 4242);

  outcome.run->lock_timeouts.clear();
  json plain = parse_json(summary_json(SummaryFields{plan, outcome, 5, id, {}}));
  EXPECT_FALSE(plain.contains("lock_retries"));
  EXPECT_FALSE(plain.contains("lock_timeouts"));
}

TEST(LambdaSummary, LockTimeoutsGiveWayToTheSizeCap) {
  const InvocationPlan plan{{"upgrade", "head"}, {}, std::nullopt};
  CommandOutcome outcome;
  outcome.command = "upgrade";
  outcome.run = run_result({"b2"}, {"c3"}, {"c3"});
  LockTimeoutEvent event = lock_event(0.3);
  for (long pid = 1; pid < 40; ++pid) {
    event.blockers.push_back(LockBlocker{pid, "active", "app", 1, std::string(120, 'q')});
  }
  outcome.run->lock_timeouts = {event};
  const std::string text = summary_json(SummaryFields{plan, outcome, 5, "retort:x:public", {}});
  EXPECT_LE(text.size(), k_summary_limit);
  json doc = parse_json(text);
  EXPECT_EQ(doc["lock_retries"], 1);
  EXPECT_FALSE(doc.contains("lock_timeouts"));
}

}  // namespace
}  // namespace retort::lambda
