// The fake AWS endpoints (support/fake_aws_endpoints.hpp) as the credentials
// tests use them: started from C++, reached over TLS with the curl CLI
// (send_http has no CA option), their requests read back.
#include "support/fake_aws_endpoints.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace retort::testing {
namespace {

nlohmann::json imds_scenario(const std::string& role) {
  return {{"imds", {{"role", role}}}};
}

// curl with `args` after options that keep it off any proxy and make an
// HTTP error status an exit status (22).
ProcessResult curl(std::vector<std::string> args) {
  std::vector<std::string> argv = {"curl", "-sS", "-f", "--noproxy", "*", "--max-time", "20"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

bool have_curl() {
  return run_process({"sh", "-c", "command -v curl"}).exit_code == 0;
}

#define REQUIRE_CURL()                                                   \
  if (!have_curl()) {                                                    \
    if (postgres_required()) FAIL() << "curl is required under CI=true"; \
    GTEST_SKIP() << "curl is not installed";                             \
  }

std::string imds_token(const FakeAwsEndpoints& fake) {
  auto put = curl({"--cacert", FakeAwsEndpoints::ca_bundle().string(), "-X", "PUT", "-H",
                   "X-aws-ec2-metadata-token-ttl-seconds: 60", fake.url() + "/latest/api/token"});
  EXPECT_EQ(put.exit_code, 0) << put.err;
  return put.out;
}

TEST(FakeAwsEndpoints, AnswersOverTlsWhenTrustingTheTestCa) {
  REQUIRE_CURL();
  REQUIRE_FAKE_AWS(fake, imds_scenario("app-role"));
  EXPECT_EQ(fake->url(), "https://" + fake->host_port());

  std::string token = imds_token(*fake);
  ASSERT_FALSE(token.empty());
  auto role = curl({"--cacert", FakeAwsEndpoints::ca_bundle().string(), "-H",
                    "X-aws-ec2-metadata-token: " + token,
                    fake->url() + "/latest/meta-data/iam/security-credentials/"});
  EXPECT_EQ(role.exit_code, 0) << role.err;
  EXPECT_EQ(role.out, "app-role");
}

TEST(FakeAwsEndpoints, RefusesAClientThatTrustsAnotherCa) {
  REQUIRE_CURL();
  REQUIRE_FAKE_AWS(fake, imds_scenario("app-role"));
  auto put = curl({"--cacert", FakeAwsEndpoints::wrong_ca_bundle().string(), "-X", "PUT", "-H",
                   "X-aws-ec2-metadata-token-ttl-seconds: 60", fake->url() + "/latest/api/token"});
  EXPECT_EQ(put.exit_code, 60) << put.err;  // curl: the peer's certificate failed verification
  EXPECT_TRUE(fake->requests().empty());
}

TEST(FakeAwsEndpoints, RecordsEveryRequestWithItsRoleAndOutcome) {
  REQUIRE_CURL();
  REQUIRE_FAKE_AWS(fake, imds_scenario("app-role"));
  auto without_token = curl({"--cacert", FakeAwsEndpoints::ca_bundle().string(),
                             fake->url() + "/latest/meta-data/iam/security-credentials/"});
  EXPECT_EQ(without_token.exit_code, 22);  // 401: IMDSv2 requires the token
  std::string token = imds_token(*fake);

  auto requests = fake->requests("imds");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0]["method"], "GET");
  EXPECT_EQ(requests[0]["status"], 401);
  EXPECT_EQ(requests[0]["outcome"], "missing_token");
  EXPECT_EQ(requests[1]["method"], "PUT");
  EXPECT_EQ(requests[1]["path"], "/latest/api/token");
  EXPECT_EQ(requests[1]["headers"]["x-aws-ec2-metadata-token-ttl-seconds"], "60");
  EXPECT_EQ(requests[1]["outcome"], "ok");
  EXPECT_TRUE(fake->requests("secretsmanager").empty());
}

TEST(FakeAwsEndpoints, AppliesANewScenarioFromTheNextRequest) {
  REQUIRE_CURL();
  REQUIRE_FAKE_AWS(fake, imds_scenario("first-role"));
  std::string token = imds_token(*fake);
  fake->set_scenario(imds_scenario("second-role"));
  auto role = curl({"--cacert", FakeAwsEndpoints::ca_bundle().string(), "-H",
                    "X-aws-ec2-metadata-token: " + token,
                    fake->url() + "/latest/meta-data/iam/security-credentials/"});
  EXPECT_EQ(role.out, "second-role") << role.err;
}

TEST(FakeAwsEndpoints, ServesPlainHttpForTheLocalEndpoints) {
  REQUIRE_CURL();
  nlohmann::json scenario = {{"extension", {{"session_token", "session-token-1"}}},
                             {"secrets", {{"prod/db", "s3cret"}}}};
  REQUIRE_FAKE_AWS(fake, scenario, FakeAwsEndpoints::Transport::http);
  EXPECT_EQ(fake->url(), "http://" + fake->host_port());
  auto secret = curl({"-H", "X-Aws-Parameters-Secrets-Token: session-token-1",
                      fake->url() + "/secretsmanager/get?secretId=prod%2Fdb"});
  ASSERT_EQ(secret.exit_code, 0) << secret.err;
  EXPECT_EQ(nlohmann::json::parse(secret.out)["SecretString"], "s3cret");
}

}  // namespace
}  // namespace retort::testing
