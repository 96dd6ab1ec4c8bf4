// password_secret, url_secret and password_parameter end to end
// (docs/architecture.md §5.8): the retort binary reads the secret from the
// fake Secrets Manager / SSM (tests/aws/fake_aws.py, which checks every
// SigV4 signature) or through the Parameters and Secrets extension, and a
// real PostgreSQL accepts the login it builds: `upgrade head` of a
// two-revision project, then the version table is read back.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "aws_test_support.hpp"
#include "support/background_process.hpp"
#include "support/fake_aws_endpoints.hpp"

namespace retort::testing {
namespace {

using nlohmann::json;

constexpr const char* k_region = "eu-west-1";
constexpr const char* k_secret_name = "retort/login-password";
constexpr const char* k_parameter_name = "/retort/login/password";

// A scenario accepting the environment's keys in `regions`, plus `extra`.
json scenario(json extra, std::vector<std::string> regions = {k_region}) {
  json result = std::move(extra);
  result["regions"] = regions;
  result["credentials"] = {{environment_keys().key_id, environment_keys().scenario_entry()}};
  return result;
}

// The RDS-managed secret's JSON shape.
json rds_document(const LoginDatabase& database, const std::string& host, json port,
                  const std::string& dbname) {
  return {{"username", LoginDatabase::k_role},
          {"password", LoginDatabase::k_password},
          {"engine", "postgres"},
          {"host", host},
          {"port", std::move(port)},
          {"dbname", dbname},
          {"dbInstanceIdentifier", database.name()}};
}

class SecretsLogin : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_LOGIN_DATABASE(database);
    m_database = std::move(database);
  }

  // The options of a run: the environment's keys, AWS_REGION, and `fake`
  // as every service's endpoint, trusted through AWS_CA_BUNDLE.
  ProcessOptions options(const FakeAwsEndpoints& fake) const {
    ProcessOptions result = isolated_aws_options(m_database->dir().path());
    add_keys(result, environment_keys());
    result.env["AWS_REGION"] = k_region;
    result.env["AWS_ENDPOINT_URL"] = fake.url();
    result.env["AWS_CA_BUNDLE"] = FakeAwsEndpoints::ca_bundle().string();
    return result;
  }

  // Runs `retort args...` and collects its outputs for the secrets check.
  ProcessResult retort(const std::vector<std::string>& args, const ProcessOptions& run_options) {
    ProcessResult result = run_retort(args, run_options);
    for (auto& named : outputs_of(result)) m_outputs.push_back(std::move(named));
    return result;
  }

  // Neither the password nor a key appears in any output or table row.
  void expect_nothing_leaked(std::vector<std::string> more = {}) {
    for (const auto& row : m_database->table_rows()) m_outputs.emplace_back("table row", row);
    more.insert(more.end(), {LoginDatabase::k_password, environment_keys().secret_key,
                             environment_keys().session_token});
    expect_no_secret(more, m_outputs);
  }

  std::unique_ptr<LoginDatabase> m_database;
  std::vector<std::pair<std::string, std::string>> m_outputs;
};

TEST_F(SecretsLogin, APlainStringSecretIsThePassword) {
  REQUIRE_FAKE_AWS(fake, scenario({{"secrets", {{k_secret_name, LoginDatabase::k_password}}}}));
  m_database->write_config(fmt::format("url: {}\n", m_database->url()));
  // The role needs the password: without the secret the login fails.
  const ProcessResult without = retort({"current"}, options(*fake));
  ASSERT_EQ(without.exit_code, 1) << without.out << without.err;

  m_database->write_config(
      fmt::format("url: {}\npassword_secret: {}\n", m_database->url(), k_secret_name));
  const ProcessResult upgrade = retort({"upgrade", "head"}, options(*fake));
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});

  const auto requests = fake->requests("secretsmanager");
  ASSERT_EQ(requests.size(), 1u) << fake->errors();
  const json& request = requests[0];
  EXPECT_EQ(request["outcome"], "ok") << request.dump(2);
  EXPECT_EQ(request["method"], "POST");
  EXPECT_EQ(request["headers"].value("x-amz-target", ""), "secretsmanager.GetSecretValue");
  EXPECT_EQ(request["headers"].value("x-amz-security-token", ""), environment_keys().session_token);
  EXPECT_EQ(json::parse(request["body"].get<std::string>())["SecretId"], k_secret_name);
  const SigningCredential signed_with = signing_credential(request);
  EXPECT_EQ(signed_with.key_id, environment_keys().key_id);
  EXPECT_EQ(signed_with.region, k_region);
  EXPECT_EQ(signed_with.service, "secretsmanager");
  expect_nothing_leaked();
}

TEST_F(SecretsLogin, TheRdsJsonShapeGivesUserAndPasswordAndTheUrlKeepsItsHost) {
  // The URL has no user; its host, port and database win over the secret's.
  const json document = rds_document(*m_database, "nonexistent.invalid", 1, "no_such_database");
  REQUIRE_FAKE_AWS(fake, scenario({{"secrets", {{k_secret_name, {{"secret_string", document}}}}}}));
  m_database->write_config(
      fmt::format("url: {}\npassword_secret: {}\n", m_database->url(""), k_secret_name));
  const ProcessResult upgrade = retort({"upgrade", "head"}, options(*fake));
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  // applied_by is the server's current_user: the secret's username.
  const auto rows = m_database->table_rows();
  EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [](const std::string& row) {
    return row.find("\"applied_by\":\"aws_login\"") != std::string::npos;
  })) << ::testing::PrintToString(rows);
  expect_nothing_leaked({document.dump()});
}

TEST_F(SecretsLogin, TheRdsJsonShapeFillsTheDatabaseTheUrlLacks) {
  // No database in the URL: libpq would try the user's name; the secret's
  // dbname must be used.
  const json document =
      rds_document(*m_database, "127.0.0.1", m_database->port(), m_database->name());
  REQUIRE_FAKE_AWS(fake, scenario({{"secrets", {{k_secret_name, {{"secret_string", document}}}}}}));
  m_database->write_config(fmt::format("url: postgresql://127.0.0.1:{}\npassword_secret: {}\n",
                                       m_database->port(), k_secret_name));
  const ProcessResult upgrade = retort({"upgrade", "head"}, options(*fake));
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  expect_nothing_leaked({document.dump()});
}

TEST_F(SecretsLogin, TheRdsJsonShapeFillsTheHostAndPortTheUrlLacks) {
  // Without the secret's host and port libpq would try its default socket.
  const json document =
      rds_document(*m_database, "127.0.0.1", std::to_string(m_database->port()), "no_such_db");
  REQUIRE_FAKE_AWS(fake, scenario({{"secrets", {{k_secret_name, {{"secret_string", document}}}}}}));
  m_database->write_config(fmt::format("url: postgresql:///{}\npassword_secret: {}\n",
                                       m_database->name(), k_secret_name));
  const ProcessResult upgrade = retort({"upgrade", "head"}, options(*fake));
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  expect_nothing_leaked({document.dump()});
}

TEST_F(SecretsLogin, AUrlSecretInTheRdsJsonShapeGivesTheWholeConnection) {
  // The port as RDS writes it: a number.
  const json document =
      rds_document(*m_database, "127.0.0.1", m_database->port(), m_database->name());
  REQUIRE_FAKE_AWS(fake, scenario({{"secrets", {{k_secret_name, {{"secret_string", document}}}}}}));
  m_database->write_config(fmt::format("url_secret: {}\n", k_secret_name));
  const ProcessResult upgrade = retort({"upgrade", "head"}, options(*fake));
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  const ProcessResult current = retort({"--format", "json", "current"}, options(*fake));
  ASSERT_EQ(current.exit_code, 0) << current.err;
  EXPECT_NE(current.out.find("b2"), std::string::npos) << current.out;
  EXPECT_EQ(fake->requests("secretsmanager").size(), 2u);
  expect_nothing_leaked({document.dump()});
}

TEST_F(SecretsLogin, AUrlSecretHoldingAUrlIsTheUrl) {
  const std::string url = m_database->url(LoginDatabase::k_role, LoginDatabase::k_password);
  REQUIRE_FAKE_AWS(fake, scenario({{"secrets", {{k_secret_name, url}}}}));
  ProcessOptions run = options(*fake);
  run.env["RETORT_URL_SECRET"] = k_secret_name;
  const ProcessResult upgrade = retort({"upgrade", "head"}, run);
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  const ProcessResult verbose = retort({"current", "-v"}, run);
  EXPECT_EQ(verbose.exit_code, 0) << verbose.err;
  expect_nothing_leaked({url});
}

TEST_F(SecretsLogin, AnSsmSecureStringIsThePassword) {
  REQUIRE_FAKE_AWS(
      fake, scenario({{"parameters",
                       {{k_parameter_name,
                         {{"type", "SecureString"}, {"value", LoginDatabase::k_password}}}}}}));
  m_database->write_config(
      fmt::format("url: {}\npassword_parameter: {}\n", m_database->url(), k_parameter_name));
  const ProcessResult upgrade = retort({"upgrade", "head"}, options(*fake));
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});

  const auto requests = fake->requests("ssm");
  ASSERT_EQ(requests.size(), 1u) << fake->errors();
  EXPECT_EQ(requests[0]["outcome"], "ok") << requests[0].dump(2);
  EXPECT_EQ(requests[0]["headers"].value("x-amz-target", ""), "AmazonSSM.GetParameter");
  const json body = json::parse(requests[0]["body"].get<std::string>());
  EXPECT_EQ(body["Name"], k_parameter_name);
  EXPECT_EQ(body["WithDecryption"], true);
  const SigningCredential signed_with = signing_credential(requests[0]);
  EXPECT_EQ(signed_with.service, "ssm");
  EXPECT_EQ(signed_with.region, k_region);
  EXPECT_TRUE(fake->requests("secretsmanager").empty());
  expect_nothing_leaked();
}

TEST_F(SecretsLogin, AnArnInAnotherRegionIsReadInThatRegion) {
  const std::string secret_arn =
      "arn:aws:secretsmanager:eu-central-1:123456789012:secret:retort/login-AbCdEf";
  const std::string parameter_arn =
      "arn:aws:ssm:eu-central-1:123456789012:parameter" + std::string(k_parameter_name);
  REQUIRE_FAKE_AWS(
      fake, scenario({{"secrets", {{secret_arn, LoginDatabase::k_password}}},
                      {"parameters",
                       {{k_parameter_name,
                         {{"type", "SecureString"}, {"value", LoginDatabase::k_password}}}}}},
                     {"us-east-1", "eu-central-1"}));
  ProcessOptions run = options(*fake);
  run.env["AWS_REGION"] = "us-east-1";
  m_database->write_config(
      fmt::format("url: {}\npassword_secret: {}\n", m_database->url(), secret_arn));
  const ProcessResult secret = retort({"upgrade", "head"}, run);
  ASSERT_EQ(secret.exit_code, 0) << secret.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  auto requests = fake->requests("secretsmanager");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(signing_credential(requests[0]).region, "eu-central-1") << requests[0].dump(2);
  EXPECT_EQ(json::parse(requests[0]["body"].get<std::string>())["SecretId"], secret_arn);

  m_database->write_config(
      fmt::format("url: {}\npassword_parameter: {}\n", m_database->url(), parameter_arn));
  const ProcessResult parameter = retort({"current"}, run);
  ASSERT_EQ(parameter.exit_code, 0) << parameter.err;
  requests = fake->requests("ssm");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(signing_credential(requests[0]).region, "eu-central-1") << requests[0].dump(2);

  // The ARN names the region: none needs to be configured.
  run.env.erase("AWS_REGION");
  m_database->write_config(
      fmt::format("url: {}\npassword_secret: {}\n", m_database->url(), secret_arn));
  const ProcessResult no_region = retort({"current"}, run);
  ASSERT_EQ(no_region.exit_code, 0) << no_region.err;
  requests = fake->requests("secretsmanager");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(signing_credential(requests[1]).region, "eu-central-1") << requests[1].dump(2);
  expect_nothing_leaked();
}

TEST_F(SecretsLogin, InLambdaTheParametersAndSecretsExtensionIsAskedFirst) {
  const json secrets = {{k_secret_name, LoginDatabase::k_password}};
  const json parameters = {
      {k_parameter_name, {{"type", "SecureString"}, {"value", LoginDatabase::k_password}}}};
  REQUIRE_FAKE_AWS(extension,
                   scenario({{"extension", {{"session_token", environment_keys().session_token}}},
                             {"secrets", secrets},
                             {"parameters", parameters}}),
                   FakeAwsEndpoints::Transport::http);
  REQUIRE_FAKE_AWS(service, scenario({{"secrets", secrets}, {"parameters", parameters}}));
  ProcessOptions run = options(*service);
  run.env["AWS_LAMBDA_FUNCTION_NAME"] = "retort-migrate";
  run.env["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = std::to_string(extension->port());
  m_database->write_config(
      fmt::format("url: {}\npassword_secret: {}\n", m_database->url(), k_secret_name));
  const ProcessResult upgrade = retort({"upgrade", "head"}, run);
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  auto asked = extension->requests("extension");
  ASSERT_EQ(asked.size(), 1u) << extension->errors();
  EXPECT_EQ(asked[0]["outcome"], "ok") << asked[0].dump(2);
  EXPECT_EQ(asked[0]["path"], "/secretsmanager/get");
  EXPECT_EQ(asked[0]["query"].value("secretId", ""), k_secret_name);
  EXPECT_EQ(asked[0]["headers"].value("x-aws-parameters-secrets-token", ""),
            environment_keys().session_token);
  EXPECT_TRUE(service->requests().empty()) << service->requests().size();

  // A parameter, decrypted, through the extension too.
  m_database->write_config(
      fmt::format("url: {}\npassword_parameter: {}\n", m_database->url(), k_parameter_name));
  const ProcessResult parameter = retort({"current"}, run);
  ASSERT_EQ(parameter.exit_code, 0) << parameter.err;
  asked = extension->requests("extension");
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[1]["path"], "/systemsmanager/parameters/get");
  EXPECT_EQ(asked[1]["query"].value("name", ""), k_parameter_name);
  EXPECT_EQ(asked[1]["query"].value("withDecryption", ""), "true");
  EXPECT_TRUE(service->requests().empty());

  // Nothing listens on the extension's port: Secrets Manager is asked.
  run.env["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = std::to_string(free_port());
  m_database->write_config(
      fmt::format("url: {}\npassword_secret: {}\n", m_database->url(), k_secret_name));
  const ProcessResult fallback = retort({"current"}, run);
  ASSERT_EQ(fallback.exit_code, 0) << fallback.err;
  EXPECT_NE(fallback.out.find("b2"), std::string::npos) << fallback.out;
  const auto direct = service->requests("secretsmanager");
  ASSERT_EQ(direct.size(), 1u);
  EXPECT_EQ(direct[0]["outcome"], "ok");
  EXPECT_EQ(extension->requests().size(), 2u);
  expect_nothing_leaked();
}

TEST_F(SecretsLogin, SecretsExtensionFalseGoesToTheServiceInLambda) {
  const json secrets = {{k_secret_name, LoginDatabase::k_password}};
  REQUIRE_FAKE_AWS(extension,
                   scenario({{"extension", {{"session_token", environment_keys().session_token}}},
                             {"secrets", secrets}}),
                   FakeAwsEndpoints::Transport::http);
  REQUIRE_FAKE_AWS(service, scenario({{"secrets", secrets}}));
  ProcessOptions run = options(*service);
  run.env["AWS_LAMBDA_FUNCTION_NAME"] = "retort-migrate";
  run.env["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = std::to_string(extension->port());
  m_database->write_config(
      fmt::format("url: {}\npassword_secret: {}\naws:\n  secrets_extension: false\n",
                  m_database->url(), k_secret_name));
  const ProcessResult upgrade = retort({"upgrade", "head"}, run);
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_TRUE(extension->requests().empty());
  EXPECT_EQ(service->requests("secretsmanager").size(), 1u);
  expect_nothing_leaked();
}

TEST_F(SecretsLogin, TheEndpointCaBundleAndRegionComeFromTheConfigFile) {
  REQUIRE_FAKE_AWS(fake, scenario({{"secrets", {{k_secret_name, LoginDatabase::k_password}}}}));
  ProcessOptions run = options(*fake);
  for (const char* variable : {"AWS_ENDPOINT_URL", "AWS_CA_BUNDLE", "AWS_REGION"}) {
    run.env.erase(variable);
  }
  const std::string base = fmt::format("url: {}\npassword_secret: {}\naws:\n  region: {}\n",
                                       m_database->url(), k_secret_name, k_region);
  // Without the CA bundle the system's CAs do not trust the fake.
  m_database->write_config(base + fmt::format("  secretsmanager_endpoint_url: {}\n", fake->url()));
  const ProcessResult untrusted = retort({"current"}, run);
  EXPECT_EQ(untrusted.exit_code, 1) << untrusted.err;
  EXPECT_NE(untrusted.err.find("TLS verification failed"), std::string::npos) << untrusted.err;

  m_database->write_config(base + fmt::format("  secretsmanager_endpoint_url: {}\n"
                                              "  ca_bundle: {}\n",
                                              fake->url(), FakeAwsEndpoints::ca_bundle().string()));
  const ProcessResult upgrade = retort({"upgrade", "head"}, run);
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  const auto requests = fake->requests("secretsmanager");
  ASSERT_FALSE(requests.empty());
  EXPECT_EQ(requests.back()["outcome"], "ok");
  EXPECT_EQ(signing_credential(requests.back()).region, k_region);
  expect_nothing_leaked();
}

TEST_F(SecretsLogin, EnvironmentEndpointsWinOverTheConfigFile) {
  REQUIRE_FAKE_AWS(fake, scenario({{"secrets", {{k_secret_name, LoginDatabase::k_password}}}}));
  // The config's endpoints lead nowhere; AWS_ENDPOINT_URL_SECRETS_MANAGER is the fake.
  ProcessOptions run = options(*fake);
  run.env.erase("AWS_ENDPOINT_URL");
  run.env["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = fake->url();
  const std::string nowhere = fmt::format("https://127.0.0.1:{}", free_port());
  m_database->write_config(fmt::format(
      "url: {}\npassword_secret: {}\naws:\n  endpoint_url: {}\n  secretsmanager_endpoint_url: {}\n",
      m_database->url(), k_secret_name, nowhere, nowhere));
  const ProcessResult upgrade = retort({"upgrade", "head"}, run);
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(fake->requests("secretsmanager").size(), 1u);
  expect_nothing_leaked();
}

TEST_F(SecretsLogin, TheEnvironmentVariableWinsOverTheConfigFile) {
  REQUIRE_FAKE_AWS(fake, scenario({{"secrets", {{k_secret_name, LoginDatabase::k_password}}}}));
  m_database->write_config(
      fmt::format("url: {}\npassword_secret: retort/not-this-one\n", m_database->url()));
  ProcessOptions run = options(*fake);
  run.env["RETORT_PASSWORD_SECRET"] = k_secret_name;
  const ProcessResult upgrade = retort({"upgrade", "head"}, run);
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  const auto requests = fake->requests("secretsmanager");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(json::parse(requests[0]["body"].get<std::string>())["SecretId"], k_secret_name);
  expect_nothing_leaked();
}

// Commands that need only the files read no secret (and need no AWS at all).
TEST_F(SecretsLogin, CommandsThatDoNotConnectReadNoSecret) {
  REQUIRE_FAKE_AWS(fake, scenario({{"secrets", {{k_secret_name, LoginDatabase::k_password}}}}));
  m_database->write_config(
      fmt::format("url: {}\npassword_secret: {}\n", m_database->url(), k_secret_name));
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"history"}, std::vector<std::string>{"heads"},
        std::vector<std::string>{"branches"}, std::vector<std::string>{"show", "b2"},
        std::vector<std::string>{"upgrade", "head", "--sql"}}) {
    const ProcessResult run = retort(args, options(*fake));
    EXPECT_EQ(run.exit_code, 0) << args[0] << ": " << run.err;
  }
  EXPECT_TRUE(fake->requests().empty()) << fake->requests().size();
  expect_nothing_leaked();
}

}  // namespace
}  // namespace retort::testing
