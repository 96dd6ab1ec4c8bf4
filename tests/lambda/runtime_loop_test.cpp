// `retort lambda` on AWS: the binary runs the Runtime API loop against a
// fake Runtime API in this process, several invocations per process, on a
// real PostgreSQL database.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "lambda/fake_aws.hpp"
#include "support/project.hpp"

namespace retort::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Runs `retort lambda` until the fake Runtime API runs out of events.
ProcessResult run_runtime(const MigrationProject& project, const FakeRuntimeApi& api,
                          std::map<std::string, std::string> env = {}) {
  ProcessOptions options;
  options.env = std::move(env);
  options.env.emplace("AWS_LAMBDA_RUNTIME_API", api.address());
  options.env.emplace("RETORT_CONFIG", project.config_path());
  options.env.emplace("DATABASE_URL", project.url());
  options.unset_env = {"AWS_LAMBDA_FUNCTION_TIMEOUT", "RETORT_URL", "DB_URL"};
  return run_retort({"lambda"}, options);
}

std::string target_of(const std::string& request_id, const std::string& kind) {
  return "/2018-06-01/runtime/invocation/" + request_id + "/" + kind;
}

void add_two_tables(MigrationProject& project) {
  project.add(table_revision("aaaa00000001"));
  project.add(table_revision("aaaa00000002", {"aaaa00000001"}));
}

std::string cfn_event(const std::string& type, const std::string& response_url,
                      const nlohmann::json& properties, const std::string& physical_id = "") {
  nlohmann::json event = {{"RequestType", type},
                          {"ResponseURL", response_url},
                          {"StackId", "arn:aws:cloudformation:eu-west-1:1:stack/shop/1"},
                          {"RequestId", "cfn-" + type},
                          {"LogicalResourceId", "Migrations"},
                          {"ResourceType", "Custom::RetortMigrations"},
                          {"ResourceProperties", properties}};
  if (!physical_id.empty()) event["PhysicalResourceId"] = physical_id;
  return event.dump();
}

TEST(LambdaRuntime, ServesSeveralInvocationsInOneProcess) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  add_two_tables(project);
  FakeRuntimeApi api;
  auto upgrade = api.add_event("{}");
  auto current = api.add_event(R"(["current"])");
  auto refused = api.add_event(R"(["downgrade", "base"])");
  auto invalid = api.add_event("42");
  auto heads = api.add_event(R"({"argv": ["heads"], "tf": {"action": "create"}})");
  auto deleted = api.add_event(R"({"tf": {"action": "delete"}})");

  auto result = run_runtime(project, api);
  EXPECT_NE(result.exit_code, 0) << "the loop ends only when the Runtime API fails";
  EXPECT_NE(result.err.find("Runtime API"), std::string::npos) << result.err;

  auto results = api.results();
  ASSERT_EQ(results.size(), 6u) << result.err;
  EXPECT_EQ(results[0].target, target_of(upgrade, "response"));
  auto summary = results[0].json();
  EXPECT_EQ(summary["ok"], true);
  EXPECT_EQ(summary["command"], "upgrade");
  EXPECT_EQ(summary["from"], nlohmann::json::array());
  EXPECT_EQ(summary["to"], nlohmann::json({"aaaa00000002"}));
  EXPECT_EQ(summary["applied"], nlohmann::json({"aaaa00000001", "aaaa00000002"}));
  EXPECT_EQ(results[0].header("content-type"), "application/json");

  EXPECT_EQ(results[1].target, target_of(current, "response"));
  EXPECT_EQ(results[1].json()["output"], nlohmann::json({"aaaa00000002 (head)"}));

  EXPECT_EQ(results[2].target, target_of(refused, "error"));
  EXPECT_EQ(results[2].header("lambda-runtime-function-error-type"), "Function.CommandNotAllowed");
  EXPECT_EQ(results[2].json()["errorType"], "Function.CommandNotAllowed");
  EXPECT_NE(results[2].json()["errorMessage"].get<std::string>().find("downgrade"),
            std::string::npos);
  EXPECT_EQ(results[2].json()["stackTrace"], nlohmann::json::array());

  EXPECT_EQ(results[3].target, target_of(invalid, "error"));
  EXPECT_EQ(results[3].json()["errorType"], "Function.InvalidPayload");

  EXPECT_EQ(results[4].target, target_of(heads, "response"));
  EXPECT_EQ(results[4].json()["command"], "heads");

  EXPECT_EQ(results[5].target, target_of(deleted, "response"));
  EXPECT_EQ(results[5].json()["command"], nullptr);
  EXPECT_FALSE(results[5].json()["skipped"].get<std::string>().empty());

  // The refused downgrade did not touch the schema.
  EXPECT_EQ(project.rows(), std::vector<std::string>{"aaaa00000002"});
  EXPECT_TRUE(project.table_exists("t_aaaa00000001"));
  // One connection per invocation, closed at its end. A backend leaves
  // pg_stat_activity a moment after its client hung up: poll briefly.
  std::vector<std::string> sessions;
  for (int attempt = 0; attempt < 50; ++attempt) {
    sessions = project.query(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'retort' AND datname = "
        "current_database() AND pid <> pg_backend_pid()");
    if (sessions == std::vector<std::string>{"0"}) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
  EXPECT_EQ(sessions, std::vector<std::string>{"0"});
}

TEST(LambdaRuntime, FailedMigrationIsAnErrorAndTheLoopGoesOn) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  project.add(table_revision("bbbb00000001"));
  MigrationSpec broken = table_revision("bbbb00000002", {"bbbb00000001"});
  broken.upgrade_sql = "CREATE TABLE half_done (id int);\nSELECT 1 / 0;\n";
  project.add(broken);
  FakeRuntimeApi api;
  auto failing = api.add_event(R"(["upgrade", "head"])");
  auto after = api.add_event(R"(["current"])");

  auto result = run_runtime(project, api);
  auto results = api.results();
  ASSERT_EQ(results.size(), 2u) << result.err;
  EXPECT_EQ(results[0].target, target_of(failing, "error"));
  EXPECT_EQ(results[0].header("lambda-runtime-function-error-type"), "Function.MigrationFailed");
  auto error = results[0].json();
  EXPECT_EQ(error["errorType"], "Function.MigrationFailed");
  const std::string message = error["errorMessage"];
  EXPECT_NE(message.find("002_bbbb00000002.sql:"), std::string::npos) << message;
  EXPECT_NE(message.find("division by zero"), std::string::npos) << message;
  EXPECT_NE(message.find("22012"), std::string::npos) << message;
  // One transaction: nothing of the run stays.
  EXPECT_EQ(project.rows(), std::vector<std::string>{});
  EXPECT_FALSE(project.table_exists("half_done"));
  EXPECT_FALSE(project.table_exists("t_bbbb00000001"));
  // The process went on to the next invocation.
  EXPECT_EQ(results[1].target, target_of(after, "response"));
}

TEST(LambdaRuntime, ASectionLeftPartWayIsReportedByEveryInvocation) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  project.add(table_revision("cccc00000001"));
  MigrationSpec section = table_revision("cccc00000002", {"cccc00000001"});
  section.upgrade_transactional = false;
  section.upgrade_sql =
      "CREATE INDEX CONCURRENTLY ix_c1 ON t_cccc00000001 (id);\nSELECT 1 / 0;\n"
      "CREATE INDEX CONCURRENTLY ix_c2 ON t_cccc00000001 ((id + 1));\n";
  project.add(section);
  FakeRuntimeApi api;
  auto upgrade = api.add_event("{}");
  auto check = api.add_event(R"(["check"])");
  auto current = api.add_event(R"(["current"])");

  auto result = run_runtime(project, api);
  auto results = api.results();
  ASSERT_EQ(results.size(), 3u) << result.err;
  EXPECT_EQ(results[0].target, target_of(upgrade, "error"));
  const std::string failed = results[0].json()["errorMessage"];
  EXPECT_NE(failed.find("1 of 3 statement(s) of this transaction:false section ran"),
            std::string::npos)
      << failed;
  EXPECT_NE(failed.find("recorded as partially applied"), std::string::npos) << failed;
  EXPECT_EQ(results[1].target, target_of(check, "error"));
  const std::string checked = results[1].json()["errorMessage"];
  EXPECT_NE(checked.find("partially applied: cccc00000002 upgrade, statement 1 of 3 done"),
            std::string::npos)
      << checked;
  EXPECT_EQ(results[2].target, target_of(current, "response"));
  EXPECT_NE(results[2].body.find("partially applied: cccc00000002 upgrade"), std::string::npos)
      << results[2].body;
}

TEST(LambdaRuntime, CloudFormationDirectModeAnswersOnResponseUrl) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  add_two_tables(project);
  FakeResponseUrl responses(/*failures=*/2);  // the first PUT is retried
  FakeRuntimeApi api;
  const nlohmann::json direct = {{"RetortMode", "direct"}, {"ServiceToken", "arn:fn"}};
  api.add_event(cfn_event("Create", responses.url(), direct));
  api.add_event(cfn_event("Update", responses.url(),
                          {{"RetortMode", "direct"}, {"Command", {"upgrade", "nope"}}},
                          "retort:x:public"));
  api.add_event(cfn_event("Delete", responses.url(), direct, "retort:x:public"));

  auto result = run_runtime(project, api);
  auto puts = responses.puts();
  ASSERT_EQ(puts.size(), 5u) << result.err;  // 2 failed + Create, Update, Delete
  for (const auto& put : puts) {
    EXPECT_EQ(put.method, "PUT");
    EXPECT_TRUE(put.has_header("content-type")) << "the header must be present";
    EXPECT_EQ(put.header("content-type"), "");
    EXPECT_LT(put.body.size(), 4096u);
  }
  auto created = puts[2].json();
  EXPECT_EQ(puts[0].body, puts[2].body) << "a retry sends the same answer";
  EXPECT_EQ(created["Status"], "SUCCESS");
  EXPECT_EQ(created["RequestId"], "cfn-Create");
  EXPECT_EQ(created["LogicalResourceId"], "Migrations");
  EXPECT_EQ(created["StackId"], "arn:aws:cloudformation:eu-west-1:1:stack/shop/1");
  const std::string physical_id = created["PhysicalResourceId"];
  EXPECT_EQ(physical_id.rfind("retort:", 0), 0u) << physical_id;
  EXPECT_EQ(created["Data"]["ToRevision"], "aaaa00000002");
  EXPECT_EQ(created["Data"]["AppliedCount"], "2");

  auto updated = puts[3].json();
  EXPECT_EQ(updated["Status"], "FAILED");
  EXPECT_NE(updated["Reason"].get<std::string>().find("nope"), std::string::npos);
  EXPECT_EQ(updated["PhysicalResourceId"], "retort:x:public");

  auto deleted = puts[4].json();
  EXPECT_EQ(deleted["Status"], "SUCCESS");
  EXPECT_EQ(deleted["PhysicalResourceId"], "retort:x:public");
  EXPECT_EQ(project.rows(), std::vector<std::string>{"aaaa00000002"}) << "Delete keeps the schema";
  EXPECT_TRUE(project.table_exists("t_aaaa00000002"));

  // The invocations themselves succeed: CloudFormation reads the PUT.
  auto results = api.results();
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) EXPECT_NE(r.target.find("/response"), std::string::npos);
  EXPECT_EQ(results[1].json()["cloudformation"], "FAILED");
  EXPECT_EQ(result.err.find("X-Amz-Signature"), std::string::npos)
      << "no pre-signed secrets in logs";
}

TEST(LambdaRuntime, CloudFormationProviderModeReturnsTheResult) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  add_two_tables(project);
  FakeResponseUrl responses;
  FakeRuntimeApi api;
  api.add_event(cfn_event("Create", responses.url(), {{"ServiceToken", "arn:fn"}}));
  api.add_event(cfn_event("Update", responses.url(), {{"Command", "upgrade nope"}}, "id-1"));

  auto result = run_runtime(project, api);
  EXPECT_TRUE(responses.puts().empty()) << "the Provider framework answers, not the function";
  auto results = api.results();
  ASSERT_EQ(results.size(), 2u) << result.err;
  auto created = results[0].json();
  EXPECT_EQ(created["ok"], true);
  EXPECT_EQ(created["Data"]["ToRevision"], "aaaa00000002");
  EXPECT_FALSE(created["PhysicalResourceId"].get<std::string>().empty());
  EXPECT_NE(results[1].target.find("/error"), std::string::npos);
  EXPECT_EQ(results[1].json()["errorType"], "Function.InvalidArguments");
}

TEST(LambdaRuntime, StopsBeforeTheDeadline) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  project.add(table_revision("cccc00000001"));
  MigrationSpec slow = table_revision("cccc00000002", {"cccc00000001"});
  slow.upgrade_sql = "CREATE TABLE slow_one (id int);\nSELECT pg_sleep(60);\n";
  project.add(slow);
  FakeResponseUrl responses;
  FakeRuntimeApi api;
  api.add_event("{}", milliseconds(3000));
  api.add_event(cfn_event("Create", responses.url(), {{"RetortMode", "direct"}}),
                milliseconds(3000));

  const auto started = std::chrono::steady_clock::now();
  auto result = run_runtime(project, api);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, seconds(20)) << "both runs stop at their deadlines, not after pg_sleep(60)";

  auto results = api.results();
  ASSERT_EQ(results.size(), 2u) << result.err;
  EXPECT_EQ(results[0].header("lambda-runtime-function-error-type"), "Function.DeadlineExceeded");
  const std::string message = results[0].json()["errorMessage"];
  EXPECT_NE(message.find("deadline"), std::string::npos) << message;
  EXPECT_EQ(project.rows(), std::vector<std::string>{});
  EXPECT_FALSE(project.table_exists("slow_one"));

  // Direct mode: CloudFormation hears FAILED before the deadline, exactly once.
  auto puts = responses.puts();
  ASSERT_EQ(puts.size(), 1u);
  EXPECT_EQ(puts[0].json()["Status"], "FAILED");
}

TEST(LambdaRuntime, ExitsWhenTheRuntimeApiFails) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  add_two_tables(project);
  FakeRuntimeApi api;
  api.add_event("{}");
  api.fail_next();
  auto result = run_runtime(project, api);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("500"), std::string::npos) << result.err;
  EXPECT_TRUE(api.results().empty());
  EXPECT_EQ(project.rows(), std::vector<std::string>{}) << "no event was taken";
}

TEST(LambdaRuntime, ReportsAnUnreadableConfigAsInitError) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  add_two_tables(project);
  project.dir().write("broken.yaml", "script_location: [unclosed\n");
  FakeRuntimeApi api;
  api.add_event("{}");
  auto result = run_runtime(project, api,
                            {{"RETORT_CONFIG", (project.dir().path() / "broken.yaml").string()}});
  EXPECT_EQ(result.exit_code, 2);
  auto results = api.results();
  ASSERT_EQ(results.size(), 1u) << result.err;
  EXPECT_EQ(results[0].target, "/2018-06-01/runtime/init/error");
  EXPECT_EQ(results[0].header("lambda-runtime-function-error-type"), "Function.ConfigInvalid");
  const std::string message = results[0].json()["errorMessage"];
  EXPECT_NE(message.find("broken.yaml:"), std::string::npos) << message;
  EXPECT_NE(message.find("invalid YAML"), std::string::npos) << message;
}

TEST(LambdaRuntime, ConfigDecidesDefaultAndAllowedCommands) {
  REQUIRE_PG(server);
  MigrationProject project(
      server->create_database(),
      "lambda:\n  default_command: [check]\n  allowed_commands: [check, current]\n");
  add_two_tables(project);
  FakeRuntimeApi api;
  api.add_event("null");
  api.add_event(R"(["upgrade", "head"])");
  auto result = run_runtime(project, api);
  auto results = api.results();
  ASSERT_EQ(results.size(), 2u) << result.err;
  EXPECT_EQ(results[0].json()["errorType"], "Function.CheckFailed") << results[0].body;
  EXPECT_EQ(results[1].json()["errorType"], "Function.CommandNotAllowed");
  EXPECT_EQ(project.rows(), std::vector<std::string>{});
}

}  // namespace
}  // namespace retort::testing
