// Lambda's resumable mode at the invocation level (docs/lambda.md "Resumable
// runs"): which invocations the handler makes resumable, the "complete" field
// and what a stopped run's summary says, under the size cap.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lambda/summary.hpp"
#include "retort/lambda/invocation.hpp"
#include "retort/lambda/payload.hpp"
#include "unit/lambda_response_fixtures.hpp"

namespace retort::lambda {
namespace {

using namespace test;

class NullLog final : public Reporter {
 public:
  void output(std::string_view) override {}
  void progress(std::string_view) override {}
  void warning(std::string_view) override {}
};

// The hooks the handler gave the command for `payload`.
std::optional<ResumableSettings> resumable_hook(const LambdaConfig& config,
                                                const std::string& payload) {
  std::optional<ResumableSettings> seen;
  bool ran = false;
  CommandRunner runner = [&](const CommandRequest& request) {
    ran = true;
    seen = request.hooks.resumable;
    CommandOutcome outcome;
    outcome.command = "upgrade";
    return outcome;
  };
  NullLog log;
  InvocationHandler handler(config, "retort:shop:public", runner, log);
  handler.handle(payload, {});
  EXPECT_TRUE(ran) << payload;
  return seen;
}

TEST(LambdaResumable, TheConfigTurnsItOnExceptForCloudFormation) {
  LambdaConfig off;
  EXPECT_FALSE(resumable_hook(off, "{}"));
  EXPECT_FALSE(resumable_hook(off, R"(["upgrade", "head"])"));

  LambdaConfig on;
  on.resumable = true;
  on.resumable_settings = ResumableSettings{.step_margin_s = 7, .step_estimate_s = 3};
  for (const char* payload : {"{}", "null", R"(["upgrade", "head"])", R"({"argv": ["upgrade"]})"}) {
    SCOPED_TRACE(payload);
    const auto hook = resumable_hook(on, payload);
    ASSERT_TRUE(hook.has_value());
    EXPECT_EQ(hook->step_margin_s, 7);
    EXPECT_EQ(hook->step_estimate_s, 3);
  }
  // CloudFormation reads one answer per event: never resumable.
  const nlohmann::json event = {{"RequestType", "Create"},
                                {"ResponseURL", "https://example.invalid/r"},
                                {"StackId", "arn:aws:cloudformation:eu-west-1:1:stack/s/1"},
                                {"RequestId", "r1"},
                                {"LogicalResourceId", "Migrations"},
                                {"ResourceProperties", nlohmann::json::object()}};
  EXPECT_FALSE(resumable_hook(on, event.dump()));
}

TEST(LambdaResumable, CompleteIsTrueUnlessARunStopped) {
  const InvocationPlan plan{{"upgrade", "head"}, {}, std::nullopt};
  const std::string id = "retort:shop:public";
  CommandOutcome done;
  done.command = "upgrade";
  done.run = run_result({"a1"}, {"c3"}, {"b2", "c3"});
  json doc = parse_json(summary_json(SummaryFields{plan, done, 1, id, {}}));
  EXPECT_EQ(doc["complete"], true);
  for (const char* key : {"remaining_count", "next_revision", "stopped"})
    EXPECT_FALSE(doc.contains(key)) << key;

  CommandOutcome current;
  current.command = "current";
  EXPECT_EQ(parse_json(summary_json(SummaryFields{plan, current, 1, id, {}}))["complete"], true);

  CommandOutcome failed;
  failed.command = "upgrade";
  failed.error = Error(ErrorKind::migration, "division by zero");
  EXPECT_EQ(parse_json(summary_json(SummaryFields{plan, failed, 1, id, {}}))["complete"], false);
}

TEST(LambdaResumable, AStoppedRunSaysWhatRemainsAndWhatIsNext) {
  const InvocationPlan plan{{"upgrade", "head"}, {}, std::nullopt};
  const std::string id = "retort:shop:public";
  CommandOutcome outcome;
  outcome.command = "upgrade";
  outcome.run = run_result({"a1"}, {"c3"}, {"b2", "c3"});
  outcome.run->resumable = true;
  outcome.run->stopped =
      RunStop{37, "d4", "stopped before `upgrade c3 -> d4`: expected to take 1.0 s"};
  json doc = parse_json(summary_json(SummaryFields{plan, outcome, 1, id, {}}));
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["complete"], false);
  EXPECT_EQ(doc["remaining_count"], 37);
  EXPECT_EQ(doc["next_revision"], "d4");
  EXPECT_EQ(doc["stopped"], "stopped before `upgrade c3 -> d4`: expected to take 1.0 s");
  EXPECT_EQ(doc["applied"], json(Strings{"b2", "c3"}));
}

TEST(LambdaResumable, AStoppedRunStaysUnderTheCap) {
  Strings applied;
  for (int i = 0; i < 2000; ++i) applied.push_back(fmt::format("{:012x}", 0x5000000 + i * 104729));
  CommandOutcome outcome;
  outcome.command = "upgrade";
  outcome.run = run_result({}, {applied.back()}, applied);
  outcome.run->stopped = RunStop{9000, "ffffffffffff", std::string(5000, 'r')};
  for (int i = 0; i < 40; ++i) outcome.output.push_back(std::string(290, 'o'));
  const InvocationPlan plan{{"upgrade", "head"}, {}, std::nullopt};
  const std::string id = "retort:shop:public";
  const std::string text = summary_json(SummaryFields{plan, outcome, 1, id, {}});
  EXPECT_LE(text.size(), k_summary_limit);
  json doc = parse_json(text);
  EXPECT_EQ(doc["complete"], false);
  EXPECT_EQ(doc["remaining_count"], 9000);
  EXPECT_EQ(doc["next_revision"], "ffffffffffff");
  EXPECT_LE(doc["stopped"].get<std::string>().size(), 303u);
  EXPECT_EQ(doc["applied"].back(), applied.back());
  EXPECT_EQ(doc["applied_count"], applied.size());
}

}  // namespace
}  // namespace retort::lambda
