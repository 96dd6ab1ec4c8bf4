// What a failing AWS login says (docs/architecture.md §5.8, README "AWS: no
// password in the image"): exit 1 with one error line, and its hint, naming
// what to fix, in text and in `--format json` (error.kind "credentials"),
// and through `retort lambda` (errorType Function.CredentialsError); a
// transient failure is retried, a hanging endpoint ends in bounded time; no
// key, token or secret value in any output.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "aws_test_support.hpp"
#include "support/background_process.hpp"
#include "support/fake_aws_endpoints.hpp"
#include "support/timed_run.hpp"

namespace retort::testing {
namespace {

using nlohmann::json;

constexpr const char* k_region = "eu-west-1";
constexpr const char* k_secret_name = "retort/failures-password";
constexpr const char* k_parameter_name = "/retort/failures/password";

// The scenario of a working login; the rows break one thing of it.
json working_scenario() {
  return {{"regions", {k_region}},
          {"credentials", {{environment_keys().key_id, environment_keys().scenario_entry()}}},
          {"secrets", {{k_secret_name, LoginDatabase::k_password}}},
          {"parameters",
           {{k_parameter_name, {{"type", "SecureString"}, {"value", LoginDatabase::k_password}}}}}};
}

// The lines of `text` that are not empty.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// A text run's stderr is one "error:" line and its "hint:", holding every
// word of `words`.
void expect_one_error(const ProcessResult& run, const std::vector<std::string>& words) {
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
  const auto lines = lines_of(run.err);
  ASSERT_FALSE(lines.empty());
  EXPECT_TRUE(lines[0].starts_with("error: ")) << run.err;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_TRUE(lines[i].starts_with("hint: ")) << "more than one error line:\n" << run.err;
  }
  for (const auto& word : words) EXPECT_NE(run.err.find(word), std::string::npos) << word;
}

// A JSON run's stdout is one document: ok false, exit_code 1, error.kind
// "credentials", its message and hint holding every word of `words`.
void expect_json_error(const ProcessResult& run, const std::vector<std::string>& words) {
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  ASSERT_TRUE(json::accept(run.out)) << run.out;
  const json document = json::parse(run.out);
  EXPECT_EQ(document["ok"], false);
  EXPECT_EQ(document["exit_code"], 1);
  EXPECT_EQ(document["error"]["kind"], "credentials") << run.out;
  const std::string said =
      document["error"].value("message", "") + "\n" + document["error"].value("hint", "");
  for (const auto& word : words) EXPECT_NE(said.find(word), std::string::npos) << word;
}

class AwsFailures : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_LOGIN_DATABASE(database);
    m_database = std::move(database);
  }

  ProcessOptions options(const FakeAwsEndpoints& fake) const {
    ProcessOptions result = isolated_aws_options(m_database->dir().path());
    add_keys(result, environment_keys());
    result.env["AWS_REGION"] = k_region;
    result.env["AWS_ENDPOINT_URL"] = fake.url();
    result.env["AWS_CA_BUNDLE"] = FakeAwsEndpoints::ca_bundle().string();
    return result;
  }

  std::string secret_config(const std::string& name = k_secret_name) const {
    return fmt::format("url: {}\npassword_secret: {}\n", m_database->url(), name);
  }

  std::vector<std::string> secrets(std::vector<std::string> more = {}) const {
    more.insert(more.end(), {LoginDatabase::k_password, environment_keys().secret_key,
                             environment_keys().session_token});
    return more;
  }

  std::unique_ptr<LoginDatabase> m_database;
};

struct FailureRow {
  std::string name;
  std::function<void(json&)> break_scenario;  // may be empty
  std::string config_key;                     // password_secret or password_parameter
  std::string id;                             // the secret or parameter asked for
  // Changes the run's environment; gets the fake.
  std::function<void(ProcessOptions&, const FakeAwsEndpoints&)> break_environment;
  std::vector<std::string> words;
  std::size_t requests_per_run;  // what the fake receives: 1 when not retried
};

TEST_F(AwsFailures, EachFailureIsOneLineNamingWhatToFix) {
  const std::string down_port = std::to_string(free_port());
  const std::vector<FailureRow> rows = {
      {"a secret that does not exist",
       {},
       "password_secret",
       "retort/no-such-secret",
       {},
       {"retort/no-such-secret", "does not exist", k_region, "password_secret"},
       1},
      {"a parameter that does not exist",
       {},
       "password_parameter",
       "/retort/no-such-parameter",
       {},
       {"/retort/no-such-parameter", "does not exist", "password_parameter"},
       1},
      {"a denied secret",
       [](json& scenario) { scenario["denied_secrets"] = {k_secret_name}; },
       "password_secret",
       k_secret_name,
       {},
       {"access to", "denied", "secretsmanager:GetSecretValue"},
       1},
      {"a denied parameter",
       [](json& scenario) { scenario["denied_parameters"] = {k_parameter_name}; },
       "password_parameter",
       k_parameter_name,
       {},
       {"access to", "denied", "ssm:GetParameter"},
       1},
      {"expired credentials",
       [](json& scenario) { scenario["credentials"][environment_keys().key_id]["expired"] = true; },
       "password_secret",
       k_secret_name,
       {},
       {"expired", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN"},
       1},
      {"an access key AWS does not know",
       [](json& scenario) { scenario["credentials"] = json::object(); },
       "password_secret",
       k_secret_name,
       {},
       {"does not accept the credentials", "AWS_ACCESS_KEY_ID"},
       1},
      {"a wrong secret access key",
       [](json& scenario) {
         scenario["credentials"][environment_keys().key_id]["secret_access_key"] =
             "another-secret-access-key-0123456789";
       },
       "password_secret",
       k_secret_name,
       {},
       {"signature", "secret access key"},
       1},
      {"a binary secret",
       [](json& scenario) {
         scenario["secrets"][k_secret_name] = {{"secret_binary", "AAECAwQ="}};
       },
       "password_secret",
       k_secret_name,
       {},
       {k_secret_name, "binary"},
       1},
      {"an RDS document without a password",
       [](json& scenario) {
         scenario["secrets"][k_secret_name] = {
             {"secret_string", {{"username", "aws_login"}, {"host", "127.0.0.1"}}}};
       },
       "password_secret",
       k_secret_name,
       {},
       {k_secret_name, "\"password\""},
       1},
      {"an endpoint that does not answer",
       {},
       "password_secret",
       k_secret_name,
       [&](ProcessOptions& run, const FakeAwsEndpoints&) {
         run.env["AWS_ENDPOINT_URL"] = "https://127.0.0.1:" + down_port;
       },
       {"cannot reach", "127.0.0.1:" + down_port, "AWS_ENDPOINT_URL"},
       0},
      {"a certificate from another CA",
       {},
       "password_secret",
       k_secret_name,
       [](ProcessOptions& run, const FakeAwsEndpoints&) {
         run.env["AWS_CA_BUNDLE"] = FakeAwsEndpoints::wrong_ca_bundle().string();
       },
       {"TLS verification failed", "AWS_CA_BUNDLE"},
       0},
  };
  REQUIRE_FAKE_AWS(fake, working_scenario());
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    json broken = working_scenario();
    if (row.break_scenario) row.break_scenario(broken);
    fake->set_scenario(broken);
    const std::size_t before = fake->requests().size();
    m_database->write_config(
        fmt::format("url: {}\n{}: {}\n", m_database->url(), row.config_key, row.id));
    ProcessOptions run = options(*fake);
    if (row.break_environment) row.break_environment(run, *fake);
    const ProcessResult text = run_retort({"upgrade", "head"}, run);
    expect_one_error(text, row.words);
    const ProcessResult as_json = run_retort({"--format", "json", "upgrade", "head"}, run);
    expect_json_error(as_json, row.words);
    EXPECT_EQ(fake->requests().size() - before, 2 * row.requests_per_run);
    auto outputs = outputs_of(text);
    for (auto& named : outputs_of(as_json)) outputs.push_back(std::move(named));
    expect_no_secret(secrets({"another-secret-access-key-0123456789"}), outputs);
  }
  EXPECT_TRUE(m_database->versions().empty());
}

TEST_F(AwsFailures, WithoutCredentialsOrRegionItSaysWhatToSet) {
  REQUIRE_FAKE_AWS(fake, working_scenario());
  m_database->write_config(secret_config());
  ProcessOptions no_keys = options(*fake);
  for (const char* variable : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
    no_keys.env.erase(variable);
  }
  const ProcessResult keys = run_retort({"current"}, no_keys);
  expect_one_error(keys, {"no AWS credentials found", "AWS_ACCESS_KEY_ID",
                          "AWS_CONTAINER_CREDENTIALS", "AWS_EC2_METADATA_DISABLED"});
  // Half the keys is a configured source that is broken.
  ProcessOptions half = options(*fake);
  half.env.erase("AWS_SECRET_ACCESS_KEY");
  const ProcessResult half_keys = run_retort({"current"}, half);
  expect_one_error(half_keys, {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"});
  // A name (no ARN) needs a region: a configuration error.
  ProcessOptions no_region = options(*fake);
  no_region.env.erase("AWS_REGION");
  const ProcessResult region = run_retort({"current"}, no_region);
  EXPECT_EQ(region.exit_code, 2) << region.err;
  EXPECT_NE(region.err.find("AWS_REGION"), std::string::npos) << region.err;
  EXPECT_TRUE(fake->requests().empty());
  auto outputs = outputs_of(keys);
  for (const auto* run : {&half_keys, &region}) {
    for (auto& named : outputs_of(*run)) outputs.push_back(std::move(named));
  }
  expect_no_secret(secrets(), outputs);
}

// The messages hold no secret, so a mask in them is a word lost: the
// endpoint's port (an override such as LocalStack's :4566 or a VPC
// endpoint's), or the cause after a name that ends in "password" (the
// README's own example is /prod/app/db-password).
TEST_F(AwsFailures, TheTlsErrorNamesTheEndpointWithItsPort) {
  REQUIRE_FAKE_AWS(fake, working_scenario());
  m_database->write_config(secret_config());
  ProcessOptions run = options(*fake);
  run.env["AWS_CA_BUNDLE"] = FakeAwsEndpoints::wrong_ca_bundle().string();
  const ProcessResult text = run_retort({"current"}, run);
  expect_one_error(text, {"TLS verification failed", fake->host_port()});
  EXPECT_EQ(text.err.find("***"), std::string::npos) << text.err;
}

TEST_F(AwsFailures, TheCauseAfterASecretNamedLikeAPasswordIsNotMasked) {
  const std::string down = "https://127.0.0.1:" + std::to_string(free_port());
  REQUIRE_FAKE_AWS(fake, working_scenario());
  for (const char* key : {"password_parameter", "password_secret"}) {
    SCOPED_TRACE(key);
    m_database->write_config(
        fmt::format("url: {}\n{}: /prod/app/db-password\n", m_database->url(), key));
    ProcessOptions run = options(*fake);
    run.env["AWS_ENDPOINT_URL"] = down;
    const ProcessResult text = run_retort({"current"}, run);
    expect_one_error(text, {"cannot reach", "/prod/app/db-password"});
    EXPECT_NE(text.err.find("Couldn't connect to server"), std::string::npos) << text.err;
    EXPECT_EQ(text.err.find("***"), std::string::npos) << text.err;
  }
}

TEST_F(AwsFailures, AHangingEndpointEndsInBoundedTimeWithAnError) {
  json scenario = working_scenario();
  scenario["fail"] = {{"secretsmanager", {{"hang", 12}}}};
  REQUIRE_FAKE_AWS(fake, scenario);
  m_database->write_config(secret_config());
  const ProcessOptions run = options(*fake);
  // Text and JSON at the same time: each waits out retort's timeouts.
  TimedResult text, as_json;
  std::thread json_thread([&] {
    as_json = run_retort_within({"--format", "json", "current"}, std::chrono::seconds(90), run);
  });
  text = run_retort_within({"current"}, std::chrono::seconds(90), run);
  json_thread.join();
  for (const TimedResult* timed : {&text, &as_json}) {
    EXPECT_FALSE(timed->timed_out);
    EXPECT_LT(timed->seconds, 40) << timed->result.err;
  }
  expect_one_error(text.result, {"cannot reach", k_secret_name});
  expect_json_error(as_json.result, {"cannot reach", k_secret_name});
  auto outputs = outputs_of(text.result);
  for (auto& named : outputs_of(as_json.result)) outputs.push_back(std::move(named));
  expect_no_secret(secrets(), outputs);
}

TEST_F(AwsFailures, ATransientFailureIsRetriedAndTheLoginWorks) {
  struct Row {
    const char* name;
    json fail;
  };
  const Row rows[] = {
      {"503 once", {{"status", 503}, {"times", 1}}},
      {"throttled once", {{"status", 400}, {"type", "ThrottlingException"}, {"times", 1}}},
      {"the connection dropped once", {{"close", true}, {"times", 1}}},
  };
  REQUIRE_FAKE_AWS(fake, working_scenario());
  m_database->write_config(secret_config());
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    json scenario = working_scenario();
    scenario["fail"] = {{"secretsmanager", row.fail}};
    fake->set_scenario(scenario);
    const std::size_t before = fake->requests("secretsmanager").size();
    const ProcessResult current = run_retort({"upgrade", "head"}, options(*fake));
    EXPECT_EQ(current.exit_code, 0) << current.err;
    const auto requests = fake->requests("secretsmanager");
    ASSERT_EQ(requests.size() - before, 2u);
    EXPECT_NE(requests[before]["outcome"], "ok");
    EXPECT_EQ(requests[before + 1]["outcome"], "ok") << requests[before + 1].dump(2);
    expect_no_secret(secrets(), outputs_of(current));
  }
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
}

TEST_F(AwsFailures, AFailureThatLastsIsGivenUpAfterThreeAttempts) {
  json scenario = working_scenario();
  scenario["fail"] = {{"secretsmanager", {{"status", 503}}}};
  REQUIRE_FAKE_AWS(fake, scenario);
  m_database->write_config(secret_config());
  const ProcessResult text = run_retort({"current"}, options(*fake));
  expect_one_error(text, {k_secret_name, "InternalFailure"});
  EXPECT_EQ(fake->requests("secretsmanager").size(), 3u);
  expect_no_secret(secrets(), outputs_of(text));
}

// The same failures inside `retort lambda` on the Runtime API (no extension
// layer: nothing listens on its port).
TEST_F(AwsFailures, InLambdaTheErrorTypeIsCredentialsError) {
  struct Row {
    const char* name;
    std::function<void(json&)> break_scenario;
    std::string secret;
    std::vector<std::string> words;
  };
  const std::vector<Row> rows = {
      {"a secret that does not exist", {}, "retort/no-such-secret", {"does not exist"}},
      {"a denied secret",
       [](json& scenario) { scenario["denied_secrets"] = {k_secret_name}; },
       k_secret_name,
       {"denied", "secretsmanager:GetSecretValue"}},
      {"expired credentials",
       [](json& scenario) { scenario["credentials"][environment_keys().key_id]["expired"] = true; },
       k_secret_name,
       {"expired"}},
  };
  REQUIRE_FAKE_AWS(fake, working_scenario());
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    json broken = working_scenario();
    if (row.break_scenario) row.break_scenario(broken);
    fake->set_scenario(broken);
    m_database->write_config(secret_config(row.secret));
    RuntimeApiStub api({R"(["upgrade", "head"])"});
    ProcessOptions run = options(*fake);
    run.env["RETORT_CONFIG"] = (m_database->dir().path() / "retort.yaml").string();
    run.env["AWS_LAMBDA_RUNTIME_API"] = api.address();
    run.env["AWS_LAMBDA_FUNCTION_NAME"] = "retort-migrate";
    run.env["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = std::to_string(free_port());
    const TimedResult lambda = run_retort_within({"lambda"}, std::chrono::seconds(60), run);
    EXPECT_FALSE(lambda.timed_out);
    const auto posted = api.posted();
    ASSERT_EQ(posted.size(), 1u) << lambda.result.err;
    const auto& request = posted[0].request;
    EXPECT_EQ(request.target, "/2018-06-01/runtime/invocation/req-1/error");
    const auto type = request.headers.find("lambda-runtime-function-error-type");
    ASSERT_NE(type, request.headers.end());
    EXPECT_EQ(type->second, "Function.CredentialsError");
    ASSERT_TRUE(json::accept(request.body)) << request.body;
    const json body = json::parse(request.body);
    EXPECT_EQ(body["errorType"], "Function.CredentialsError") << request.body;
    const std::string message = body.value("errorMessage", "");
    for (const auto& word : row.words) EXPECT_NE(message.find(word), std::string::npos) << word;
    auto outputs = outputs_of(lambda.result);
    outputs.emplace_back("error response", request.body);
    expect_no_secret(secrets(), outputs);
  }
}

// Lambda stops a run shortly before the function's timeout so the caller
// gets an error rather than a timeout (docs/lambda.md, Function.DeadlineExceeded):
// a Secrets Manager that does not answer must not keep the invocation past it.
TEST_F(AwsFailures, InLambdaAHangingEndpointIsAnsweredBeforeTheDeadline) {
  json scenario = working_scenario();
  scenario["fail"] = {{"secretsmanager", {{"hang", 12}}}};
  REQUIRE_FAKE_AWS(fake, scenario);
  m_database->write_config(secret_config());
  const auto deadline_in = std::chrono::seconds(15);
  RuntimeApiStub api({R"(["upgrade", "head"])"}, deadline_in);
  ProcessOptions run = options(*fake);
  run.env["RETORT_CONFIG"] = (m_database->dir().path() / "retort.yaml").string();
  run.env["AWS_LAMBDA_RUNTIME_API"] = api.address();
  run.env["AWS_LAMBDA_FUNCTION_NAME"] = "retort-migrate";
  run.env["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = std::to_string(free_port());
  const auto started = std::chrono::steady_clock::now();
  const TimedResult lambda = run_retort_within({"lambda"}, std::chrono::seconds(60), run);
  const auto posted = api.posted();
  ASSERT_EQ(posted.size(), 1u) << lambda.result.err;
  const double answered_after = std::chrono::duration<double>(posted[0].at - started).count();
  EXPECT_LT(answered_after, std::chrono::duration<double>(deadline_in).count())
      << "the invocation was answered after its deadline: " << posted[0].request.body;
  EXPECT_NE(posted[0].request.target.find("/error"), std::string::npos);
  auto outputs = outputs_of(lambda.result);
  outputs.emplace_back("error response", posted[0].request.body);
  expect_no_secret(secrets(), outputs);
}

}  // namespace
}  // namespace retort::testing
