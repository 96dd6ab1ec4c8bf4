// What the Lambda layer writes, masked before it is cut (retort/redact.hpp):
// the invocation's log lines, the summary, the error body, CloudFormation's
// Reason and the echo of an invalid payload.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lambda/cloudformation.hpp"
#include "lambda/summary.hpp"
#include "retort/lambda/invocation.hpp"
#include "retort/lambda/payload.hpp"
#include "retort/redact.hpp"
#include "unit/lambda_response_fixtures.hpp"

namespace retort::lambda {
namespace {

using namespace test;

constexpr const char* k_secret = "Kx7-s3cr3t";

class RecordingLog final : public Reporter {
 public:
  void output(std::string_view line) override { lines.emplace_back(line); }
  void progress(std::string_view line) override { lines.emplace_back(line); }
  void warning(std::string_view line) override { lines.emplace_back(line); }
  std::vector<std::string> lines;
};

class LambdaRedaction : public ::testing::Test {
 protected:
  void SetUp() override { forget_secrets(); }
  void TearDown() override { forget_secrets(); }
};

TEST_F(LambdaRedaction, TheRunningLineAndTheFailureLogHideTheUrlPassword) {
  RecordingLog log;
  CommandRunner runner = [](const CommandRequest&) {
    CommandOutcome outcome;
    outcome.command = "current";
    outcome.error = Error(ErrorKind::database,
                          "cannot connect to the database: invalid percent-encoded token: "
                          "\"Kx7-s3cr3t%ZZ w\"");
    return outcome;
  };
  InvocationHandler handler(LambdaConfig{}, "retort:shop:public", runner, log);
  // A raw space in the password: the registry, fed from the argv, masks it.
  const std::string payload = R"(["--url", "postgresql://app:Kx7-s3cr3t%ZZ w@db/shop", "current"])";
  const InvocationResponse response = handler.handle(payload, {});
  EXPECT_FALSE(response.ok);
  std::string all;
  for (const auto& line : log.lines) all += line + "\n";
  EXPECT_EQ(all.find(k_secret), std::string::npos) << all;
  EXPECT_NE(all.find("Running retort --url postgresql://app:***@db/shop current"),
            std::string::npos)
      << all;
  EXPECT_EQ(response.body.find(k_secret), std::string::npos) << response.body;
}

TEST_F(LambdaRedaction, OnlyUrlArgumentsRegisterSecrets) {
  RecordingLog log;
  CommandRunner runner = [](const CommandRequest& request) {
    CommandOutcome outcome;
    outcome.command = request.argv.front();
    outcome.output = {"mybranch@head: 3 revisions"};
    return outcome;
  };
  InvocationHandler handler(LambdaConfig{}, "retort:shop:public", runner, log);
  const InvocationResponse response =
      handler.handle(R"(["history", "-r", "base:mybranch@head"])", {});
  EXPECT_TRUE(response.ok);
  EXPECT_NE(response.body.find("mybranch@head: 3 revisions"), std::string::npos) << response.body;
  EXPECT_EQ(redact("mybranch"), "mybranch");
}

TEST_F(LambdaRedaction, SummaryOutputLinesAreMaskedBeforeTheyAreCut) {
  const InvocationPlan plan{{"current", "-v"}, {}, std::nullopt};
  CommandOutcome outcome;
  outcome.command = "current";
  // The 300-byte cut falls inside the password.
  outcome.output = {std::string(270, '-') + " postgresql://app:Kx7-s3cr3t-and-more@db/shop"};
  const std::string id = "retort:shop:public";
  const std::string text = summary_json(SummaryFields{plan, outcome, 1, id, {}});
  EXPECT_EQ(text.find("Kx7"), std::string::npos) << text;
  EXPECT_NE(text.find("postgresql://app:***"), std::string::npos) << text;
}

TEST_F(LambdaRedaction, RegisteredSecretsLeaveTheSummaryButNotTheResourceId) {
  register_secret("shop");
  const InvocationPlan plan{{"upgrade", "head"}, {}, cloudformation_event("Create")};
  CommandOutcome outcome;
  outcome.command = "upgrade";
  outcome.output = {"connected to shop"};
  const std::string id = "retort:shop:public";
  json doc = parse_json(summary_json(SummaryFields{plan, outcome, 1, id, {}}));
  EXPECT_EQ(doc["output"], json({"connected to ***"}));
  EXPECT_EQ(doc["PhysicalResourceId"], id) << "CloudFormation compares the id";
}

TEST_F(LambdaRedaction, CloudFormationReasonIsMaskedBeforeItIsCut) {
  const std::string reason = std::string(3990, 'r') + " postgresql://app:" + std::string(200, 'K') +
                             "@db/shop " + std::string(500, 'r');
  const std::string text =
      cloudformation_document(cloudformation_event("Create"), "retort:shop:public",
                              CloudFormationAnswer{false, reason, {}});
  EXPECT_LT(text.size(), k_cloudformation_limit);
  EXPECT_EQ(text.find("KKKK"), std::string::npos) << text.substr(text.size() - 300);
  const json doc = parse_json(text);
  EXPECT_EQ(doc["RequestId"], "5d478078-13e9-baf0-464a-7ef285ecc786");
}

TEST_F(LambdaRedaction, ErrorBodyMasksTheMessageAndTheHint) {
  register_secret(k_secret);
  Error error(ErrorKind::database, "role \"Kx7-s3cr3t\" does not exist", std::nullopt,
              "try password=Kx7-s3cr3t");
  const std::string body = error_body(error);
  EXPECT_EQ(body.find(k_secret), std::string::npos) << body;
  EXPECT_EQ(parse_json(body)["errorType"], "Function.DatabaseError");
}

TEST_F(LambdaRedaction, AnInvalidPayloadIsEchoedWithoutItsPasswords) {
  const std::vector<std::string> payloads = {
      R"({"url": "postgresql://app:Kx7-s3cr3t@db/shop"})",
      R"("postgresql://app:Kx7-s3cr3t@db/shop")",
      R"({"argv": "postgresql://app:Kx7-s3cr3t@db/shop"})",
      R"([1, "postgresql://app:Kx7-s3cr3t@db/shop"])",
      R"({"x": "0123456789012345678901234567890123456789012", "u": "postgresql://app:Kx7-s3cr3t@db"})",
      R"({"password": "Kx7-s3cr3t"})",
      R"({"dsn": "host=db password=Kx7-s3cr3t"})",
  };
  for (const auto& payload : payloads) {
    try {
      parse_payload(payload, LambdaConfig{});
      ADD_FAILURE() << "accepted: " << payload;
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::payload);
      EXPECT_EQ(std::string(error.what()).find("s3cr3t"), std::string::npos) << error.what();
    }
  }
}

}  // namespace
}  // namespace retort::lambda
