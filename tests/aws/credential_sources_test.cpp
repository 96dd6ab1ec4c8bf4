// The credential chain end to end (docs/architecture.md §5.8): each source
// (the environment, the container credentials endpoint, IMDSv2, web
// identity through STS) gives the keys that sign the Secrets Manager
// request, which the fake verifies against exactly those keys; the first
// configured source decides, and one that fails is an error.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aws_test_support.hpp"
#include "support/fake_aws_endpoints.hpp"

namespace retort::testing {
namespace {

using nlohmann::json;

constexpr const char* k_region = "eu-west-1";
constexpr const char* k_secret_name = "retort/credentials-test";
constexpr const char* k_container_token = "containerAuthS3cr3tToken-0123456789abcdef";
constexpr const char* k_web_identity_token =
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.webIdS3cr3tSig0123";
constexpr const char* k_role_arn = "arn:aws:iam::123456789012:role/retort-migrator";
constexpr const char* k_instance_role = "retort-instance-role";

// The keys each source hands out.
const AwsKeys k_container_keys{"ASIACONTAINERKEY0001", "containerS3cr3tKey/0123456789abcdefghij",
                               "containerSessionS3cr3tToken0123456789"};
const AwsKeys k_instance_keys{"ASIAINSTANCEKEY00001", "instanceS3cr3tKey/0123456789abcdefghijk",
                              "instanceSessionS3cr3tToken0123456789"};
const AwsKeys k_web_identity_keys{"ASIAWEBIDENTITYKEY01", "webIdentityS3cr3tKey/0123456789abcdef",
                                  "webIdentitySessionS3cr3tToken012345"};

json credentials_document(const AwsKeys& keys) {
  return {{"AccessKeyId", keys.key_id},
          {"SecretAccessKey", keys.secret_key},
          {"Token", keys.session_token}};
}

// The local endpoints (plain HTTP on 127.0.0.1): the container credentials
// endpoint (requiring k_container_token unless `container_token` says
// otherwise) and IMDSv2.
json local_scenario(const std::string& container_token = k_container_token) {
  return {{"container_credentials",
           {{"authorization", container_token},
            {"credentials", credentials_document(k_container_keys)}}},
          {"imds",
           {{"role", k_instance_role}, {"credentials", credentials_document(k_instance_keys)}}}};
}

// The HTTPS services: STS for web identity, and Secrets Manager holding
// the login's password, accepting the keys of every source.
json service_scenario() {
  return {{"regions", {k_region}},
          {"credentials",
           {{environment_keys().key_id, environment_keys().scenario_entry()},
            {k_container_keys.key_id, k_container_keys.scenario_entry()},
            {k_instance_keys.key_id, k_instance_keys.scenario_entry()},
            {k_web_identity_keys.key_id, k_web_identity_keys.scenario_entry()}}},
          {"sts",
           {{"web_identity_token", k_web_identity_token},
            {"role_arn", k_role_arn},
            {"credentials",
             {{"AccessKeyId", k_web_identity_keys.key_id},
              {"SecretAccessKey", k_web_identity_keys.secret_key},
              {"SessionToken", k_web_identity_keys.session_token}}}}},
          {"secrets", {{k_secret_name, LoginDatabase::k_password}}}};
}

class CredentialSources : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_LOGIN_DATABASE(database);
    m_database = std::move(database);
    m_database->write_config(
        fmt::format("url: {}\npassword_secret: {}\n", m_database->url(), k_secret_name));
    m_database->dir().write("web-identity-token", std::string(k_web_identity_token) + "\n");
    m_database->dir().write("container-token", std::string(k_container_token) + "\n");
  }

  // A run with no credentials at all, the region, and `service` as the
  // Secrets Manager and STS endpoint.
  ProcessOptions options(const FakeAwsEndpoints& service) const {
    ProcessOptions result = isolated_aws_options(m_database->dir().path());
    result.env["AWS_REGION"] = k_region;
    result.env["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = service.url();
    result.env["AWS_ENDPOINT_URL_STS"] = service.url();
    result.env["AWS_CA_BUNDLE"] = FakeAwsEndpoints::ca_bundle().string();
    return result;
  }

  void use_container(ProcessOptions& run, const FakeAwsEndpoints& local) const {
    run.env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = local.url() + "/v1/credentials";
    run.env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = k_container_token;
  }
  void use_instance_metadata(ProcessOptions& run, const FakeAwsEndpoints& local) const {
    run.env.erase("AWS_EC2_METADATA_DISABLED");
    run.env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = local.url();
  }
  void use_web_identity(ProcessOptions& run) const {
    run.env["AWS_WEB_IDENTITY_TOKEN_FILE"] =
        (m_database->dir().path() / "web-identity-token").string();
    run.env["AWS_ROLE_ARN"] = k_role_arn;
  }

  ProcessResult retort(const std::vector<std::string>& args, const ProcessOptions& run) {
    ProcessResult result = run_retort(args, run);
    for (auto& named : outputs_of(result)) m_outputs.push_back(std::move(named));
    return result;
  }

  // The one Secrets Manager request `service` got was signed with `keys`
  // and accepted.
  static void expect_signed_with(const FakeAwsEndpoints& service, const AwsKeys& keys) {
    const auto requests = service.requests("secretsmanager");
    ASSERT_EQ(requests.size(), 1u) << service.errors();
    EXPECT_EQ(requests[0]["outcome"], "ok") << requests[0].dump(2);
    EXPECT_EQ(signing_credential(requests[0]).key_id, keys.key_id);
    EXPECT_EQ(requests[0]["headers"].value("x-amz-security-token", ""), keys.session_token);
  }

  void expect_nothing_leaked(std::vector<std::string> more = {}) {
    for (const AwsKeys* keys :
         {&environment_keys(), &k_container_keys, &k_instance_keys, &k_web_identity_keys}) {
      more.push_back(keys->secret_key);
      more.push_back(keys->session_token);
    }
    more.insert(more.end(), {LoginDatabase::k_password, k_container_token, k_web_identity_token});
    expect_no_secret(more, m_outputs);
  }

  std::unique_ptr<LoginDatabase> m_database;
  std::vector<std::pair<std::string, std::string>> m_outputs;
};

TEST_F(CredentialSources, TheEnvironmentsKeysSign) {
  REQUIRE_FAKE_AWS(service, service_scenario());
  ProcessOptions run = options(*service);
  add_keys(run, environment_keys());
  const ProcessResult upgrade = retort({"upgrade", "head"}, run);
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  expect_signed_with(*service, environment_keys());
  expect_nothing_leaked();
}

TEST_F(CredentialSources, TheContainerEndpointsKeysSignWithTheTokenOrTheTokenFile) {
  REQUIRE_FAKE_AWS(local, local_scenario(), FakeAwsEndpoints::Transport::http);
  REQUIRE_FAKE_AWS(service, service_scenario());
  ProcessOptions run = options(*service);
  use_container(run, *local);
  const ProcessResult upgrade = retort({"upgrade", "head"}, run);
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  expect_signed_with(*service, k_container_keys);
  auto asked = local->requests("container");
  ASSERT_EQ(asked.size(), 1u) << local->errors();
  EXPECT_EQ(asked[0]["headers"].value("authorization", ""), k_container_token);
  EXPECT_EQ(asked[0]["outcome"], "ok");

  // The token from a file (EKS Pod Identity), its line break dropped.
  run.env.erase("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  run.env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] =
      (m_database->dir().path() / "container-token").string();
  const ProcessResult current = retort({"current"}, run);
  ASSERT_EQ(current.exit_code, 0) << current.err;
  asked = local->requests("container");
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[1]["headers"].value("authorization", ""), k_container_token);
  EXPECT_EQ(asked[1]["outcome"], "ok") << asked[1].dump(2);
  EXPECT_TRUE(local->requests("imds").empty());
  expect_nothing_leaked();
}

TEST_F(CredentialSources, InstanceMetadataGivesATokenFirstThenTheRolesKeys) {
  REQUIRE_FAKE_AWS(local, local_scenario(), FakeAwsEndpoints::Transport::http);
  REQUIRE_FAKE_AWS(service, service_scenario());
  ProcessOptions run = options(*service);
  use_instance_metadata(run, *local);
  const ProcessResult upgrade = retort({"upgrade", "head"}, run);
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  expect_signed_with(*service, k_instance_keys);

  const auto asked = local->requests("imds");
  ASSERT_GE(asked.size(), 3u) << local->errors();
  EXPECT_EQ(asked[0]["method"], "PUT");
  EXPECT_EQ(asked[0]["path"], "/latest/api/token");
  EXPECT_FALSE(asked[0]["headers"].value("x-aws-ec2-metadata-token-ttl-seconds", "").empty());
  std::vector<std::string> tokens;
  for (std::size_t i = 1; i < asked.size(); ++i) {
    EXPECT_EQ(asked[i]["method"], "GET") << asked[i].dump(2);
    const std::string token = asked[i]["headers"].value("x-aws-ec2-metadata-token", "");
    EXPECT_FALSE(token.empty()) << asked[i].dump(2);
    // The fake answers 401 to a token it did not hand out.
    EXPECT_EQ(asked[i]["outcome"], "ok") << asked[i].dump(2);
    tokens.push_back(token);
  }
  EXPECT_EQ(asked.back()["path"],
            "/latest/meta-data/iam/security-credentials/" + std::string(k_instance_role));
  EXPECT_TRUE(local->requests("container").empty());
  expect_nothing_leaked(tokens);
}

TEST_F(CredentialSources, WebIdentityIsExchangedAtStsForTheRolesKeys) {
  REQUIRE_FAKE_AWS(service, service_scenario());
  ProcessOptions run = options(*service);
  use_web_identity(run);
  const ProcessResult upgrade = retort({"upgrade", "head"}, run);
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(m_database->versions(), std::vector<std::string>{"b2"});
  expect_signed_with(*service, k_web_identity_keys);

  const auto exchanged = service->requests("sts");
  ASSERT_EQ(exchanged.size(), 1u) << service->errors();
  EXPECT_EQ(exchanged[0]["outcome"], "ok") << exchanged[0].dump(2);
  const std::string body = exchanged[0]["body"];
  EXPECT_NE(body.find("Action=AssumeRoleWithWebIdentity"), std::string::npos) << body;
  // The token as the file holds it, without the line break.
  EXPECT_NE(body.find(std::string("WebIdentityToken=") + k_web_identity_token), std::string::npos)
      << body;
  EXPECT_LT(exchanged[0]["seq"].get<int>(),
            service->requests("secretsmanager").front()["seq"].get<int>());
  expect_nothing_leaked();
}

// Every source configured: each row removes the ones before it, so the
// first that remains must be the one used (the SDKs' order).
TEST_F(CredentialSources, TheFirstConfiguredSourceWins) {
  REQUIRE_FAKE_AWS(local, local_scenario(), FakeAwsEndpoints::Transport::http);
  REQUIRE_FAKE_AWS(service, service_scenario());
  struct Row {
    const char* name;
    bool environment, web_identity, container;
    const AwsKeys* expected;
    const char* asked_role;  // the local endpoint asked, or ""
  };
  const Row rows[] = {
      {"environment over everything", true, true, true, &environment_keys(), ""},
      {"web identity over the container", false, true, true, &k_web_identity_keys, ""},
      {"the container over instance metadata", false, false, true, &k_container_keys, "container"},
      {"instance metadata last", false, false, false, &k_instance_keys, "imds"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const std::size_t local_before = local->requests().size();
    const std::size_t sts_before = service->requests("sts").size();
    const std::size_t secrets_before = service->requests("secretsmanager").size();
    ProcessOptions run = options(*service);
    if (row.environment) add_keys(run, environment_keys());
    if (row.web_identity) use_web_identity(run);
    if (row.container) use_container(run, *local);
    use_instance_metadata(run, *local);
    const ProcessResult current = retort({"current"}, run);
    ASSERT_EQ(current.exit_code, 0) << current.err;
    const auto signed_requests = service->requests("secretsmanager");
    ASSERT_EQ(signed_requests.size(), secrets_before + 1);
    EXPECT_EQ(signing_credential(signed_requests.back()).key_id, row.expected->key_id);
    EXPECT_EQ(service->requests("sts").size(),
              sts_before + (row.expected == &k_web_identity_keys ? 1 : 0));
    const auto local_requests = local->requests();
    for (std::size_t i = local_before; i < local_requests.size(); ++i) {
      EXPECT_EQ(local_requests[i]["role"], row.asked_role) << local_requests[i].dump(2);
    }
    EXPECT_EQ(local_requests.size() > local_before, *row.asked_role != '\0');
  }
  expect_nothing_leaked();
}

TEST_F(CredentialSources, AConfiguredSourceThatFailsIsAnErrorNotAFallback) {
  // The container endpoint wants another token (403); IMDS would answer.
  REQUIRE_FAKE_AWS(local, local_scenario("not-the-token-retort-sends"),
                   FakeAwsEndpoints::Transport::http);
  REQUIRE_FAKE_AWS(service, service_scenario());
  ProcessOptions run = options(*service);
  use_container(run, *local);
  use_instance_metadata(run, *local);
  for (bool json_format : {false, true}) {
    std::vector<std::string> args = {"current"};
    if (json_format) args.insert(args.begin(), {"--format", "json"});
    const ProcessResult current = retort(args, run);
    EXPECT_EQ(current.exit_code, 1) << current.out << current.err;
    const std::string& text = json_format ? current.out : current.err;
    EXPECT_NE(text.find("container credentials endpoint"), std::string::npos) << text;
    EXPECT_NE(text.find("403"), std::string::npos) << text;
    EXPECT_NE(text.find("AWS_CONTAINER_AUTHORIZATION_TOKEN"), std::string::npos) << text;
    if (json_format) {
      ASSERT_TRUE(json::accept(current.out)) << current.out;
      EXPECT_EQ(json::parse(current.out)["error"]["kind"], "credentials") << current.out;
    }
  }
  const auto asked = local->requests("container");
  EXPECT_EQ(asked.size(), 2u);
  for (const auto& request : asked) EXPECT_EQ(request["status"], 403) << request.dump(2);
  EXPECT_TRUE(local->requests("imds").empty()) << "fell back to instance metadata";
  EXPECT_TRUE(service->requests("secretsmanager").empty());
  expect_nothing_leaked();
}

TEST_F(CredentialSources, WebIdentityRefusedBySts) {
  REQUIRE_FAKE_AWS(local, local_scenario(), FakeAwsEndpoints::Transport::http);
  REQUIRE_FAKE_AWS(service, service_scenario());
  m_database->dir().write("web-identity-token", "eyJhbGciOiJSUzI1NiJ9.an0ther-s3cr3t.sig\n");
  ProcessOptions run = options(*service);
  use_web_identity(run);
  use_container(run, *local);
  const ProcessResult current = retort({"current"}, run);
  EXPECT_EQ(current.exit_code, 1) << current.err;
  EXPECT_NE(current.err.find("STS refused"), std::string::npos) << current.err;
  EXPECT_NE(current.err.find("InvalidIdentityToken"), std::string::npos) << current.err;
  EXPECT_TRUE(local->requests().empty()) << "fell back to the container endpoint";
  EXPECT_TRUE(service->requests("secretsmanager").empty());
  expect_nothing_leaked({"eyJhbGciOiJSUzI1NiJ9.an0ther-s3cr3t.sig"});
}

}  // namespace
}  // namespace retort::testing
