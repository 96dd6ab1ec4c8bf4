// The secrets corpus in `retort lambda` (docs/architecture.md §11): every URL
// case of secrets_corpus.cpp in invocation argvs, in the function's
// DATABASE_URL and in CloudFormation events, and invalid payloads holding
// URLs, through the Runtime API loop and the local endpoint. Checked: every
// response and error body, every CloudFormation answer, the init error, the
// process's log (stderr) and stdout.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <csignal>
#include <nlohmann/json.hpp>

#include "http/http_client.hpp"
#include "lambda/fake_aws.hpp"
#include "reliability/secrets_corpus.hpp"
#include "support/background_process.hpp"

namespace retort::testing::corpus {
namespace {

using nlohmann::json;

ProcessOptions lambda_environment(const CorpusDatabase& database) {
  ProcessOptions options;
  options.env = {{"RETORT_CONFIG", database.config_path()}};
  options.unset_env = {"DATABASE_URL", "DB_URL",     "RETORT_URL",
                       "PGPASSWORD",   "PGHOST",     "PGPORT",
                       "PGUSER",       "PGDATABASE", "AWS_LAMBDA_FUNCTION_TIMEOUT"};
  return options;
}

std::string cfn_event(const std::string& response_url, const json& properties) {
  return json{{"RequestType", "Create"},
              {"ResponseURL", response_url},
              {"StackId", "arn:aws:cloudformation:eu-west-1:1:stack/shop/1"},
              {"RequestId", "cfn-create"},
              {"LogicalResourceId", "Migrations"},
              {"ResourceType", "Custom::RetortMigrations"},
              {"ResourceProperties", properties}}
      .dump();
}

// Invalid payloads that hold a URL with a password, each echoed in part.
std::vector<std::string> invalid_payloads(const std::string& url) {
  const std::string quoted = json(url).dump();
  return {
      "{\"url\": " + quoted + "}",
      quoted,
      "{\"argv\": " + quoted + "}",
      "[1, " + quoted + "]",
      // The 80-byte echo would end inside the password.
      "{\"x\": \"0123456789012345678901234567890123456789012\", \"u\": " + quoted + "}",
      "{\"RequestType\": " + quoted +
          ", \"ResponseURL\": \"http://127.0.0.1:1/r\", \"StackId\": \"s\", \"RequestId\": "
          "\"r\", \"LogicalResourceId\": \"l\"}",
      url,  // not JSON at all
      "{\"password\": \"Kx7-s3cr3t-json\"}",
      "{\"dsn\": \"host=db password=Kx7-s3cr3t-dsn\"}",
  };
}

using Events = std::vector<std::pair<std::string, std::vector<std::string>>>;

// One process of `retort lambda` serving `events` (payload, the secrets it
// holds) on the fake Runtime API; checks every result posted (a config
// error ends the process with one /init/error), every CloudFormation answer
// and the process's output, each against the secrets of all events.
void serve_and_check(const std::string& where, const Events& events, ProcessOptions options,
                     const FakeResponseUrl* responses = nullptr) {
  FakeRuntimeApi api;
  std::vector<std::string> secrets;
  for (const auto& [payload, held] : events) {
    api.add_event(payload);
    secrets.insert(secrets.end(), held.begin(), held.end());
  }
  options.env["AWS_LAMBDA_RUNTIME_API"] = api.address();
  auto result = run_retort({"lambda"}, options);
  expect_no_secret(where + " (log, stderr)", result.err, secrets);
  expect_no_secret(where + " (stdout)", result.out, secrets);
  const auto results = api.results();
  EXPECT_FALSE(results.empty()) << where << ": " << result.err;
  for (std::size_t i = 0; i < results.size(); ++i) {
    ++tally().runs;
    const std::string what = fmt::format("{} #{} ({})", where, i + 1, results[i].target);
    expect_no_secret(what, results[i].body, secrets);
    EXPECT_TRUE(json::accept(results[i].body)) << what << ": " << results[i].body;
  }
  if (responses != nullptr) {
    for (const auto& put : responses->puts()) {
      expect_no_secret(where + " (CloudFormation answer)", put.body, secrets);
      EXPECT_TRUE(json::accept(put.body)) << put.body;
    }
  }
}

TEST(SecretsCorpusLambda, UrlCasesInTheArgvOfInvocations) {
  REQUIRE_PG(server);
  auto database = CorpusDatabase::create(*server);
  if (!database) GTEST_SKIP() << "the server has no TCP port for password logins";
  Events events;
  for (const auto& row : database->url_cases()) {
    events.push_back({json({"--url", row.url, "current"}).dump(), row.secrets});
    events.push_back({json{{"argv", {"--url=" + row.url, "upgrade", "head"}}}.dump(), row.secrets});
    if (row.connects) {
      events.push_back({json({"--url", row.url, "current", "-v"}).dump(), row.secrets});
      events.push_back({json({"--url", row.url, "check"}).dump(), row.secrets});
      events.push_back({json({"--url", row.url, "history", "-i"}).dump(), row.secrets});
    }
  }
  serve_and_check("argv", events, lambda_environment(*database));
  for (const auto& row : database->table_rows()) expect_no_secret("table row", row, {k_password});
}

TEST(SecretsCorpusLambda, UrlCasesAsTheFunctionsDatabaseUrl) {
  REQUIRE_PG(server);
  auto database = CorpusDatabase::create(*server);
  if (!database) GTEST_SKIP() << "the server has no TCP port for password logins";
  for (const auto& row : database->url_cases()) {
    ProcessOptions options = lambda_environment(*database);
    options.env["DATABASE_URL"] = row.url;
    // A URL retort itself refuses fails the init: one /init/error, checked.
    serve_and_check("DATABASE_URL " + row.name,
                    {{"{}", row.secrets}, {R"(["current", "-v"])", row.secrets}}, options);
  }
}

TEST(SecretsCorpusLambda, InvalidPayloadsHoldingUrls) {
  REQUIRE_PG(server);
  auto database = CorpusDatabase::create(*server);
  if (!database) GTEST_SKIP() << "the server has no TCP port for password logins";
  Events events;
  const std::vector<std::string> secrets = {"Kx7-s3cr3t-payload", "Kx7-s3cr3t-json",
                                            "Kx7-s3cr3t-dsn"};
  for (const auto& payload : invalid_payloads(database->url("Kx7-s3cr3t-payload"))) {
    events.push_back({payload, secrets});
  }
  serve_and_check("invalid payload", events, lambda_environment(*database));
}

TEST(SecretsCorpusLambda, CloudFormationReasonsInBothModes) {
  REQUIRE_PG(server);
  auto database = CorpusDatabase::create(*server);
  if (!database) GTEST_SKIP() << "the server has no TCP port for password logins";
  FakeResponseUrl responses;
  Events events;
  for (const auto& row : database->url_cases()) {
    if (row.connects) continue;
    // Direct mode: the FAILED answer's Reason carries the error text.
    events.push_back({cfn_event(responses.url(), {{"RetortMode", "direct"},
                                                  {"Command", {"--url", row.url, "current"}}}),
                      row.secrets});
    // Provider mode: the error comes back in the invocation's error body.
    events.push_back(
        {cfn_event(responses.url(), {{"Command", "--url " + row.url + " current"}}), row.secrets});
  }
  serve_and_check("CloudFormation", events, lambda_environment(*database), &responses);
  EXPECT_FALSE(responses.puts().empty());
}

TEST(SecretsCorpusLambda, TheLocalEndpoint) {
  REQUIRE_PG(server);
  auto database = CorpusDatabase::create(*server);
  if (!database) GTEST_SKIP() << "the server has no TCP port for password logins";
  const int port = free_port();
  ProcessOptions options = lambda_environment(*database);
  options.unset_env.push_back("AWS_LAMBDA_RUNTIME_API");
  BackgroundProcess process(
      {RETORT_BINARY, "lambda", "--listen", fmt::format("127.0.0.1:{}", port)}, options);
  ASSERT_TRUE(wait_for_port(port, std::chrono::seconds(10))) << process.err();
  std::vector<std::string> all_secrets;
  auto invoke = [&](const std::string& body, const std::vector<std::string>& secrets) {
    http::HttpRequest request;
    request.method = "POST";
    request.url =
        fmt::format("http://127.0.0.1:{}/2015-03-31/functions/function/invocations", port);
    request.body = body;
    request.timeout_s = 60;
    auto response = http::send_http(request);
    ++tally().runs;
    expect_no_secret("local endpoint: " + body.substr(0, 120), response.body, secrets);
    all_secrets.insert(all_secrets.end(), secrets.begin(), secrets.end());
  };
  for (const auto& row : database->url_cases()) {
    invoke(json({"--url", row.url, "current"}).dump(), row.secrets);
  }
  for (const auto& payload : invalid_payloads(database->url("Kx7-s3cr3t-local"))) {
    invoke(payload, {"Kx7-s3cr3t-local", "Kx7-s3cr3t-json", "Kx7-s3cr3t-dsn"});
  }
  process.stop(SIGTERM, std::chrono::seconds(10));
  expect_no_secret("local endpoint (log, stderr)", process.err(), all_secrets);
  expect_no_secret("local endpoint (stdout)", process.out(), all_secrets);
}

}  // namespace
}  // namespace retort::testing::corpus
