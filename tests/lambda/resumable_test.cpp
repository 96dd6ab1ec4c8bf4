// Runs longer than one invocation (lambda.resumable, docs/lambda.md "Resumable
// runs"): `retort lambda` against the fake Runtime API with a deadline per
// invocation, on a real PostgreSQL database, invoked until "complete" is true.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "lambda/fake_aws.hpp"
#include "support/project.hpp"

namespace retort::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

const std::string k_resumable = "lambda:\n  resumable: true\n";

ProcessResult run_function(const MigrationProject& project, const FakeRuntimeApi& api) {
  ProcessOptions options;
  options.env.emplace("AWS_LAMBDA_RUNTIME_API", api.address());
  options.env.emplace("RETORT_CONFIG", project.config_path());
  options.env.emplace("DATABASE_URL", project.url());
  options.unset_env = {"AWS_LAMBDA_FUNCTION_TIMEOUT", "RETORT_URL", "DB_URL"};
  return run_retort({"lambda"}, options);
}

bool is_response(const RecordedRequest& result) {
  return result.target.find("/response") != std::string::npos;
}

// `count` revisions <prefix>0000000001 ... that each create t_<id> and take
// `seconds` seconds.
std::vector<std::string> add_sleepers(MigrationProject& project, const std::string& prefix,
                                      int count, int seconds = 1) {
  std::vector<std::string> ids;
  for (int i = 1; i <= count; ++i) {
    ids.push_back(fmt::format("{}{:010d}", prefix, i));
    MigrationSpec spec = table_revision(
        ids.back(), i == 1 ? std::vector<std::string>{} : std::vector<std::string>{ids[i - 2]});
    spec.upgrade_sql =
        fmt::format("CREATE TABLE t_{} (id int);\nSELECT pg_sleep({});\n", ids.back(), seconds);
    project.add(spec);
  }
  return ids;
}

// Gives `revision` a recorded upgrade of `duration_ms` in retort_history, as
// an earlier run would have left it: the CLI applies the first revision and
// downgrades it again (creating the tables), then the row is written.
void record_upgrade(const MigrationProject& project, const std::string& first,
                    const std::string& revision, double duration_ms) {
  ASSERT_EQ(project.retort({"upgrade", first}).exit_code, 0);
  ASSERT_EQ(project.retort({"downgrade", "base"}).exit_code, 0);
  if (revision == first) {
    project.query(
        fmt::format("UPDATE retort_history SET duration_ms = {} WHERE revision = '{}' "
                    "AND direction = 'upgrade'",
                    duration_ms, revision));
  } else {
    project.query(fmt::format(
        "INSERT INTO retort_history (revision, direction, checksum, duration_ms, tool_version) "
        "VALUES ('{}', 'upgrade', NULL, {}, 'an earlier run')",
        revision, duration_ms));
  }
}

std::vector<std::string> json_strings(const nlohmann::json& array) {
  std::vector<std::string> values;
  for (const auto& value : array) values.push_back(value.get<std::string>());
  return values;
}

TEST(LambdaResumable, FortyOneSecondMigrationsFinishOverSeveralInvocations) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database(), k_resumable);
  const auto ids = add_sleepers(project, "dd", 40);
  FakeRuntimeApi api;
  for (int i = 0; i < 10; ++i) api.add_event("{}", milliseconds(12000));

  const auto started = Clock::now();
  auto result = run_function(project, api);
  const auto took = std::chrono::duration<double>(Clock::now() - started).count();
  auto results = api.results();
  ASSERT_EQ(results.size(), 10u) << result.err;

  std::size_t applied_so_far = 0, invocations = 0;
  bool complete = false;
  for (const auto& answer : results) {
    ASSERT_TRUE(is_response(answer)) << answer.body;
    EXPECT_LT(answer.body.size(), 4096u);
    const auto doc = answer.json();
    ASSERT_EQ(doc["ok"], true) << answer.body;
    ++invocations;
    const auto applied = json_strings(doc["applied"]);
    ASSERT_LE(applied_so_far + applied.size(), ids.size()) << answer.body;
    EXPECT_EQ(applied, std::vector<std::string>(
                           ids.begin() + static_cast<long>(applied_so_far),
                           ids.begin() + static_cast<long>(applied_so_far + applied.size())))
        << "invocation " << invocations << " applies the next revisions, in order";
    applied_so_far += applied.size();
    complete = doc["complete"].get<bool>();
    if (complete) {
      EXPECT_FALSE(doc.contains("remaining_count")) << answer.body;
      break;
    }
    EXPECT_FALSE(applied.empty()) << "every invocation makes progress: " << answer.body;
    EXPECT_EQ(doc["remaining_count"], ids.size() - applied_so_far) << answer.body;
    EXPECT_EQ(doc["next_revision"], ids[applied_so_far]) << answer.body;
    EXPECT_NE(doc["stopped"].get<std::string>().find("stopped before"), std::string::npos)
        << answer.body;
  }
  ASSERT_TRUE(complete) << "not complete after " << invocations << " invocations";
  EXPECT_EQ(applied_so_far, ids.size());
  EXPECT_GT(invocations, 1u);
  EXPECT_LE(invocations, 8u);
  std::cout << "[ resumable ] 40 migrations of 1 s, 12 s deadline: " << invocations
            << " invocations, " << took << " s in all\n";
  // The invocations after the last one find nothing to do.
  for (std::size_t i = invocations; i < results.size(); ++i) {
    const auto doc = results[i].json();
    EXPECT_EQ(doc["complete"], true);
    EXPECT_EQ(doc["up_to_date"], true);
  }

  EXPECT_EQ(project.rows(), std::vector<std::string>{ids.back()});
  const auto upgrades = project.query(
      "SELECT count(*) || ' ' || count(DISTINCT revision) || ' ' || max(n) FROM (SELECT "
      "revision, count(*) AS n FROM retort_history WHERE direction = 'upgrade' GROUP BY "
      "revision) AS per_revision");
  EXPECT_EQ(upgrades, std::vector<std::string>{"40 40 1"}) << "one upgrade row per revision";
  for (const auto& id : ids) EXPECT_TRUE(project.table_exists("t_" + id)) << id;
}

TEST(LambdaResumable, HistoryOfASlowRevisionStopsTheInvocationBeforeIt) {
  REQUIRE_PG(server);
  // Without history, the first invocation goes past the fifth revision.
  MigrationProject plain(server->create_database(), k_resumable);
  const auto plain_ids = add_sleepers(plain, "ea", 6);
  FakeRuntimeApi plain_api;
  plain_api.add_event("{}", milliseconds(12000));
  auto plain_run = run_function(plain, plain_api);
  auto plain_results = plain_api.results();
  ASSERT_EQ(plain_results.size(), 1u) << plain_run.err;
  EXPECT_GE(plain_results[0].json()["applied_count"], 5) << plain_results[0].body;

  // The fifth took 4.5 s last time: 4.5 s and its margin no longer fit after
  // four steps, but they do fit a fresh invocation.
  MigrationProject project(server->create_database(), k_resumable);
  const auto ids = add_sleepers(project, "eb", 6);
  record_upgrade(project, ids[0], ids[4], 4500);
  FakeRuntimeApi api;
  for (int i = 0; i < 3; ++i) api.add_event("{}", milliseconds(12000));
  auto result = run_function(project, api);
  auto results = api.results();
  ASSERT_EQ(results.size(), 3u) << result.err;
  const auto first = results[0].json();
  EXPECT_EQ(first["complete"], false) << results[0].body;
  EXPECT_EQ(json_strings(first["applied"]), std::vector<std::string>(ids.begin(), ids.begin() + 4));
  EXPECT_EQ(first["next_revision"], ids[4]);
  EXPECT_EQ(first["remaining_count"], 2);
  const std::string stopped = first["stopped"];
  EXPECT_NE(stopped.find("4.5 s (its last upgrade in the history table)"), std::string::npos)
      << stopped;
  const auto second = results[1].json();
  ASSERT_EQ(second["ok"], true) << results[1].body;
  EXPECT_EQ(second["applied"][0], ids[4]) << "a fresh invocation starts it";
  EXPECT_EQ(project.rows(), std::vector<std::string>{ids.back()});
}

TEST(LambdaResumable, AStepThatCannotFitFailsBeforeItStarts) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database(), k_resumable);
  const auto ids = add_sleepers(project, "ff", 3);
  record_upgrade(project, ids[0], ids[0], 20000);
  FakeRuntimeApi api;
  api.add_event("{}", milliseconds(12000));
  const auto started = Clock::now();
  auto result = run_function(project, api);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(6)) << "refused at once";
  auto results = api.results();
  ASSERT_EQ(results.size(), 1u) << result.err;
  EXPECT_FALSE(is_response(results[0]));
  EXPECT_EQ(results[0].header("lambda-runtime-function-error-type"), "Function.StepTooLong");
  const auto error = results[0].json();
  EXPECT_EQ(error["errorType"], "Function.StepTooLong");
  const std::string message = error["errorMessage"];
  for (const std::string& part :
       {"revision " + ids[0] + " is expected to take 20.0 s", std::string("an invocation has"),
        std::string("nothing was started"), std::string("raise the function's timeout"),
        std::string("900 s"), std::string("ECS task"), std::string("aws ecs run-task"),
        std::string("[\"upgrade\", \"head\"]")}) {
    EXPECT_NE(message.find(part), std::string::npos) << part << " not in:\n" << message;
  }
  EXPECT_EQ(project.rows(), std::vector<std::string>{});
  EXPECT_FALSE(project.table_exists("t_" + ids[0]));
  EXPECT_EQ(project.query("SELECT count(*) FROM retort_history WHERE direction = 'upgrade'"),
            std::vector<std::string>{"1"})
      << "only the earlier run's row";
}

TEST(LambdaResumable, ATransactionFalseSectionPausedOrInterruptedResumesAfterItsLastStatement) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database(), k_resumable);
  project.add(table_revision("aa0000000001"));
  MigrationSpec section = table_revision("aa0000000002", {"aa0000000001"});
  section.upgrade_transactional = false;
  // Plain CREATE TABLEs: a statement that ran twice would fail the run.
  section.upgrade_sql =
      "CREATE TABLE s_1 (id int);\nSELECT pg_sleep(2);\nCREATE TABLE s_2 (id int);\n"
      "SELECT pg_sleep(2);\nCREATE TABLE s_3 (id int);\nSELECT pg_sleep(2);\n"
      "CREATE TABLE s_4 (id int);\n";
  project.add(section);
  project.add(table_revision("aa0000000003", {"aa0000000002"}));
  FakeRuntimeApi api;
  for (int i = 0; i < 6; ++i) api.add_event("{}", milliseconds(8000));
  auto result = run_function(project, api);
  auto results = api.results();
  ASSERT_EQ(results.size(), 6u) << result.err;

  std::size_t invocations = 0, stops_in_section = 0;
  bool complete = false;
  for (const auto& answer : results) {
    ASSERT_TRUE(is_response(answer)) << answer.body;
    const auto doc = answer.json();
    ++invocations;
    complete = doc["complete"].get<bool>();
    if (complete) break;
    if (doc["next_revision"] == "aa0000000002") {
      ++stops_in_section;
      EXPECT_NE(doc["stopped"].get<std::string>().find("statement"), std::string::npos)
          << answer.body;
    }
  }
  ASSERT_TRUE(complete) << result.err;
  // An 8 s invocation leaves 6.7 s; a statement that took 2 s needs 4.5 s with
  // its margin, so no invocation runs all three sleeps: it stops inside the
  // section at least once.
  EXPECT_GE(stops_in_section, 1u);
  EXPECT_GE(invocations, 2u);
  EXPECT_EQ(project.rows(), std::vector<std::string>{"aa0000000003"});
  for (const char* table : {"s_1", "s_2", "s_3", "s_4"}) EXPECT_TRUE(project.table_exists(table));
  EXPECT_EQ(project.query("SELECT count(*) FROM retort_progress"), std::vector<std::string>{"0"});
  EXPECT_EQ(project.query("SELECT count(*) FROM retort_history WHERE revision = 'aa0000000002' "
                          "AND direction = 'upgrade'"),
            std::vector<std::string>{"1"});
}

TEST(LambdaResumable, AStepTheDeadlineInterruptsRunsAgainAloneThenFailsForTheEcsForm) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database(), k_resumable);
  const auto ids = add_sleepers(project, "ab", 1);
  MigrationSpec slow = table_revision("ab0000000002", {ids[0]});
  slow.upgrade_sql = "CREATE TABLE t_slow (id int);\nSELECT pg_sleep(9);\n";
  project.add(slow);
  FakeRuntimeApi api;
  for (int i = 0; i < 2; ++i) api.add_event("{}", milliseconds(8000));
  auto result = run_function(project, api);
  auto results = api.results();
  ASSERT_EQ(results.size(), 2u) << result.err;

  // No history, so the slow step starts after the first; the deadline
  // interrupts it and the invocation still answers, with the first committed.
  ASSERT_TRUE(is_response(results[0])) << results[0].body;
  const auto first = results[0].json();
  EXPECT_EQ(first["complete"], false);
  EXPECT_EQ(json_strings(first["applied"]), ids);
  EXPECT_EQ(first["next_revision"], "ab0000000002");
  EXPECT_NE(first["stopped"].get<std::string>().find("the deadline interrupted"), std::string::npos)
      << results[0].body;

  // Alone in a fresh invocation it is interrupted again: an error, not a loop.
  ASSERT_FALSE(is_response(results[1]));
  const auto error = results[1].json();
  EXPECT_EQ(error["errorType"], "Function.DeadlineExceeded");
  EXPECT_NE(error["errorMessage"].get<std::string>().find("ECS task"), std::string::npos)
      << results[1].body;
  EXPECT_EQ(project.rows(), std::vector<std::string>{ids[0]});
  EXPECT_FALSE(project.table_exists("t_slow"));

  // The same binary and config without a deadline (the ECS task) finishes it.
  auto ecs = project.retort({"upgrade", "head"});
  EXPECT_EQ(ecs.exit_code, 0) << ecs.err;
  EXPECT_EQ(project.rows(), std::vector<std::string>{"ab0000000002"});
}

}  // namespace
}  // namespace retort::testing
