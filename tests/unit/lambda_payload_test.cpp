// parse_payload (docs/lambda.md "Payload -> command"): every accepted form of a
// Lambda payload, and the errors for everything else.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "retort/config.hpp"
#include "retort/error.hpp"
#include "retort/lambda/payload.hpp"

namespace retort::lambda {
namespace {

using Argv = std::vector<std::string>;
using json = nlohmann::json;

LambdaConfig config_with_default(Argv command) {
  LambdaConfig config;
  config.default_command = std::move(command);
  return config;
}

Error payload_error(std::string_view body, const LambdaConfig& config = {}) {
  try {
    InvocationPlan plan = parse_payload(body, config);
    ADD_FAILURE() << "parse_payload accepted " << body << " (argv size " << plan.argv.size() << ")";
  } catch (const Error& error) {
    return error;
  } catch (const std::exception& other) {
    ADD_FAILURE() << "parse_payload threw a non-retort exception for " << body << ": "
                  << other.what();
  }
  return Error(ErrorKind::io, "no error");
}

// A CloudFormation custom-resource event with every required key.
json cloudformation_event(const std::string& request_type) {
  return json{
      {"RequestType", request_type},
      {"ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:retort"},
      {"ResponseURL", "https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x"},
      {"StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/guid"},
      {"RequestId", "5d478078-13e9-baf0-464a-7ef285ecc786"},
      {"LogicalResourceId", "Migrations"},
      {"ResourceType", "Custom::RetortMigrations"},
  };
}

TEST(LambdaPayload, DefaultCommandForms) {
  const std::vector<const char*> bodies = {
      "",
      " ",
      "\n",
      " \t\r\n ",
      "null",
      " null\n",
      "{}",
      "{ }",
      "\n{}\n",
      "[]",
      "[ ]",
      "{\"argv\":[]}",
      "{\"argv\": [], \"note\": \"x\"}",
      "{\"tf\":{\"action\":\"create\"}}",
  };
  const std::vector<Argv> defaults = {LambdaConfig{}.default_command,
                                      {"--config=/var/task/config/retort.yaml", "current"},
                                      {"check"}};
  ASSERT_FALSE(LambdaConfig{}.default_command.empty());
  for (const Argv& default_command : defaults) {
    const LambdaConfig config = config_with_default(default_command);
    for (const char* body : bodies) {
      SCOPED_TRACE(testing::Message()
                   << "body '" << body << "' default '" << default_command.front() << "'");
      InvocationPlan plan = parse_payload(body, config);
      EXPECT_EQ(plan.argv, default_command);
      EXPECT_TRUE(plan.skip_reason.empty()) << plan.skip_reason;
      EXPECT_FALSE(plan.cloudformation.has_value());
    }
  }
}

TEST(LambdaPayload, ArgvForms) {
  struct Row {
    const char* body;
    Argv expected;
  };
  const std::vector<Row> rows = {
      {R"(["upgrade","head"])", {"upgrade", "head"}},
      {R"( [ "upgrade" , "head" ] )", {"upgrade", "head"}},
      {R"(["--config=/var/task/config/retort.yaml","upgrade","head"])",
       {"--config=/var/task/config/retort.yaml", "upgrade", "head"}},
      {R"(["downgrade","-1"])", {"downgrade", "-1"}},
      {R"(["history", ""])", {"history", ""}},
      {R"(["upgrade", "head with spaces"])", {"upgrade", "head with spaces"}},
      {R"({"argv":["current","--verbose"]})", {"current", "--verbose"}},
      {R"({"argv":["upgrade","head"],"comment":"from CI","n":3,"nested":{"a":[1]}})",
       {"upgrade", "head"}},
      {R"({"tf":{"action":"update"},"argv":["current"]})", {"current"}},
      {R"({"tf":{"action":"create"},"argv":["upgrade","+1"]})", {"upgrade", "+1"}},
  };
  // The default command must not leak into an explicit argv.
  const LambdaConfig config = config_with_default({"check"});
  for (const auto& row : rows) {
    SCOPED_TRACE(row.body);
    InvocationPlan plan = parse_payload(row.body, config);
    EXPECT_EQ(plan.argv, row.expected);
    EXPECT_TRUE(plan.skip_reason.empty()) << plan.skip_reason;
    EXPECT_FALSE(plan.cloudformation.has_value());
  }
}

TEST(LambdaPayload, TerraformDeleteIsANoOp) {
  const std::vector<const char*> bodies = {
      R"({"tf":{"action":"delete"}})",
      R"({"tf":{"action":"delete"},"argv":["upgrade","head"]})",
      R"({"argv":["downgrade","base"],"tf":{"action":"delete","prev_input":{}}})",
  };
  for (const char* body : bodies) {
    SCOPED_TRACE(body);
    InvocationPlan plan = parse_payload(body, LambdaConfig{});
    EXPECT_TRUE(plan.argv.empty());
    EXPECT_FALSE(plan.skip_reason.empty());
    EXPECT_NE(plan.skip_reason.find("delete"), std::string::npos) << plan.skip_reason;
    EXPECT_FALSE(plan.cloudformation.has_value());
  }
}

TEST(LambdaPayload, CloudFormationEvents) {
  struct Row {
    const char* name;
    json event;
    LambdaConfig config;
    Argv expected_argv;  // empty: nothing runs
    bool expected_direct;
    std::string expected_physical_id;
  };
  LambdaConfig direct_config;
  direct_config.cloudformation_direct = true;
  const LambdaConfig custom_default = config_with_default({"current"});

  auto with = [](json event, const json& patch) {
    event.merge_patch(patch);
    return event;
  };
  const std::vector<Row> rows = {
      {"Create without ResourceProperties",
       cloudformation_event("Create"),
       {},
       LambdaConfig{}.default_command,
       false,
       ""},
      {"Create without ResourceProperties, custom default",
       cloudformation_event("Create"),
       custom_default,
       {"current"},
       false,
       ""},
      {"Create with empty ResourceProperties",
       with(cloudformation_event("Create"), {{"ResourceProperties", json::object()}}),
       {},
       LambdaConfig{}.default_command,
       false,
       ""},
      {"Create with Command array",
       with(cloudformation_event("Create"),
            {{"ResourceProperties",
              {{"ServiceToken", "arn:x"}, {"Command", {"upgrade", "abc123"}}}}}),
       {},
       {"upgrade", "abc123"},
       false,
       ""},
      {"Create with Command string",
       with(cloudformation_event("Create"),
            {{"ResourceProperties", {{"Command", "  upgrade   head "}}}}),
       {},
       {"upgrade", "head"},
       false,
       ""},
      {"Create with empty Command array",
       with(cloudformation_event("Create"), {{"ResourceProperties", {{"Command", json::array()}}}}),
       custom_default,
       {"current"},
       false,
       ""},
      {"Create with blank Command string",
       with(cloudformation_event("Create"), {{"ResourceProperties", {{"Command", "   "}}}}),
       custom_default,
       {"current"},
       false,
       ""},
      {"Update carries PhysicalResourceId",
       with(cloudformation_event("Update"),
            {{"PhysicalResourceId", "retort:shop:public"},
             {"ResourceProperties", {{"Command", {"upgrade", "head"}}}},
             {"OldResourceProperties", {{"Command", {"upgrade", "old"}}}}}),
       {},
       {"upgrade", "head"},
       false,
       "retort:shop:public"},
      {"RetortMode direct",
       with(cloudformation_event("Create"),
            {{"ResourceProperties", {{"RetortMode", "direct"}, {"Command", "current"}}}}),
       {},
       {"current"},
       true,
       ""},
      {"RetortMode other than direct",
       with(cloudformation_event("Create"), {{"ResourceProperties", {{"RetortMode", "provider"}}}}),
       {},
       LambdaConfig{}.default_command,
       false,
       ""},
      {"config cloudformation_direct", cloudformation_event("Update"), direct_config,
       LambdaConfig{}.default_command, true, ""},
      {"Delete runs nothing",
       with(cloudformation_event("Delete"),
            {{"PhysicalResourceId", "retort:shop:public"},
             {"ResourceProperties", {{"Command", {"downgrade", "base"}}}}}),
       {},
       {},
       false,
       "retort:shop:public"},
      {"Delete in direct mode",
       with(cloudformation_event("Delete"), {{"PhysicalResourceId", "retort:shop:public"},
                                             {"ResourceProperties", {{"RetortMode", "direct"}}}}),
       {},
       {},
       true,
       "retort:shop:public"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    InvocationPlan plan = parse_payload(row.event.dump(), row.config);
    EXPECT_EQ(plan.argv, row.expected_argv);
    if (row.expected_argv.empty()) {
      EXPECT_FALSE(plan.skip_reason.empty());
    } else {
      EXPECT_TRUE(plan.skip_reason.empty()) << plan.skip_reason;
    }
    ASSERT_TRUE(plan.cloudformation.has_value());
    const CloudFormationEvent& event = *plan.cloudformation;
    EXPECT_EQ(event.request_type, row.event["RequestType"].get<std::string>());
    EXPECT_EQ(event.response_url, row.event["ResponseURL"].get<std::string>());
    EXPECT_EQ(event.stack_id, row.event["StackId"].get<std::string>());
    EXPECT_EQ(event.request_id, row.event["RequestId"].get<std::string>());
    EXPECT_EQ(event.logical_resource_id, row.event["LogicalResourceId"].get<std::string>());
    EXPECT_EQ(event.physical_resource_id, row.expected_physical_id);
    EXPECT_EQ(event.direct, row.expected_direct);
  }
}

TEST(LambdaPayload, InvalidPayloadsNameTheProblemAndListTheAcceptedForms) {
  struct Row {
    std::string body;
    const char* message_part;  // what is wrong, as the message must say
  };
  json unknown_request = cloudformation_event("Replace");
  json bad_command = cloudformation_event("Create");
  bad_command["ResourceProperties"] = {{"Command", {"upgrade", 7}}};
  const std::vector<Row> rows = {
      {R"("upgrade")", "string"},
      {R"("upgrade head")", "string"},
      {"42", "number"},
      {"-1.5", "number"},
      {"true", "boolean"},
      {"false", "boolean"},
      {"[1,2]", "1"},
      {R"(["upgrade", null])", "null"},
      {R"(["upgrade", ["head"]])", "[1]"},
      {R"({"argv":"upgrade head"})", "argv"},
      {R"({"argv":{"0":"upgrade"}})", "argv"},
      {R"({"argv":["upgrade", 1]})", "argv[1]"},
      {R"({"foo":1})", "argv"},
      {"{", "JSON"},
      {R"(["upgrade", "head"] trailing)", "JSON"},
      {"nul", "JSON"},
      {unknown_request.dump(), "Replace"},
      {bad_command.dump(), "Command"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.body);
    Error error = payload_error(row.body);
    EXPECT_EQ(error.kind(), ErrorKind::payload);
    EXPECT_NE(error.message().find(row.message_part), std::string::npos) << error.message();
    // The hint shows every accepted form.
    for (const char* form : {"[\"upgrade\", \"head\"]", "argv", "{}", "null", "empty body",
                             "default_command", "CloudFormation"}) {
      EXPECT_NE(error.hint().find(form), std::string::npos)
          << "hint lacks '" << form << "': " << error.hint();
    }
  }
}

TEST(LambdaPayload, OverSixMegabytesIsRefusedWithItsSize) {
  // A valid argv, only too large: AWS would not have delivered it.
  const std::string body = "[\"show\", \"" + std::string(k_max_payload_bytes, 'a') + "\"]";
  Error error = payload_error(body);
  EXPECT_EQ(error.kind(), ErrorKind::payload);
  EXPECT_NE(error.message().find(std::to_string(body.size()) + " bytes"), std::string::npos)
      << error.message();
  EXPECT_NE(error.message().find("6 MB"), std::string::npos) << error.message();
  EXPECT_LT(error.message().size(), 200u);
  // At the limit it is parsed (and the argument is for run_app to judge).
  const std::string at_limit = "[\"" + std::string(k_max_payload_bytes - 4, 'a') + "\"]";
  ASSERT_EQ(at_limit.size(), k_max_payload_bytes);
  EXPECT_EQ(parse_payload(at_limit, {}).argv.size(), 1u);
}

TEST(LambdaPayload, EchoedValuesAreCut) {
  json event = cloudformation_event(std::string(100000, 'R'));
  json big_item = json::array({"upgrade", json::array({std::string(100000, 'x')})});
  for (const std::string& body : {event.dump(), big_item.dump()}) {
    Error error = payload_error(body);
    EXPECT_LT(error.message().size(), 400u) << error.message().substr(0, 400);
  }
  EXPECT_NE(payload_error(event.dump()).message().find("(100000 bytes)"), std::string::npos);
}

TEST(LambdaPayload, IncompleteCloudFormationEventIsNotOne) {
  // Without every required key the object is a plain object without argv.
  for (const char* key :
       {"RequestType", "ResponseURL", "StackId", "RequestId", "LogicalResourceId"}) {
    SCOPED_TRACE(key);
    json event = cloudformation_event("Create");
    event.erase(key);
    Error error = payload_error(event.dump());
    EXPECT_EQ(error.kind(), ErrorKind::payload);
  }
}

}  // namespace
}  // namespace retort::lambda
