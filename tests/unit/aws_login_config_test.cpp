// The login settings (auth, sslmode, sslrootcert, the secret keys, aws:)
// from the file, the environment and --auth; and where AWS calls go.
#include <gtest/gtest.h>

#include "aws/aws_call.hpp"
#include "aws/aws_settings.hpp"
#include "aws/credential_chain.hpp"
#include "aws/secret_reader.hpp"
#include "retort/config.hpp"
#include "retort/error.hpp"
#include "support/temp_dir.hpp"

namespace retort {
namespace {

using testing::TempDir;

Config load_file(const TempDir& dir, const std::string& text, const Environment& env = {},
                 const ConfigOverrides& overrides = {}) {
  dir.write("retort.yaml", text);
  return load_config(overrides, env, dir.path());
}

Error load_file_error(const TempDir& dir, const std::string& text, const Environment& env = {}) {
  try {
    load_file(dir, text, env);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "load_config did not throw for:\n" << text;
  return Error(ErrorKind::io, "no error");
}

TEST(LoginConfig, ReadsEveryKey) {
  TempDir dir;
  const Config config = load_file(dir,
                                  "auth: rds-iam\n"
                                  "sslmode: verify-ca\n"
                                  "sslrootcert: certs/rds.pem\n"
                                  "password_parameter: /prod/db\n"
                                  "aws:\n"
                                  "  region: eu-west-1\n"
                                  "  endpoint_url: https://vpce.example.com/\n"
                                  "  ssm_endpoint_url: https://ssm.vpce.example.com\n"
                                  "  ca_bundle: certs/ca.pem\n"
                                  "  secrets_extension: false\n");
  EXPECT_EQ(config.auth, AuthMode::rds_iam);
  EXPECT_EQ(config.sslmode, "verify-ca");
  EXPECT_EQ(config.sslrootcert, dir.path() / "certs/rds.pem");
  EXPECT_EQ(config.password_parameter, "/prod/db");
  EXPECT_EQ(config.aws.region, "eu-west-1");
  EXPECT_EQ(config.aws.ca_bundle, dir.path() / "certs/ca.pem");
  EXPECT_FALSE(config.aws.secrets_extension);
  EXPECT_EQ(config.aws.ssm_endpoint_url, "https://ssm.vpce.example.com");
}

TEST(LoginConfig, EnvironmentAndFlagOverrideTheFile) {
  TempDir dir;
  ConfigOverrides flags;
  flags.auth = "password";
  const Config config =
      load_file(dir, "auth: rds-iam\n",
                {{"RETORT_PASSWORD_SECRET", "prod/db"}, {"RETORT_SSLMODE", "require"}}, flags);
  EXPECT_EQ(config.auth, AuthMode::password);
  EXPECT_EQ(config.password_secret, "prod/db");
  EXPECT_EQ(config.sslmode, "require");
}

TEST(LoginConfig, BadValuesAreErrorsWithTheirLocation) {
  TempDir dir;
  Error auth = load_file_error(dir, "auth: iam\n");
  EXPECT_NE(std::string(auth.what()).find("password or rds-iam"), std::string::npos);
  ASSERT_TRUE(auth.location());
  EXPECT_EQ(auth.location()->line, 1);
  Error mode = load_file_error(dir, "sslmode: maybe\n");
  EXPECT_NE(std::string(mode.what()).find("verify-full"), std::string::npos);
  Error aws_key = load_file_error(dir, "aws:\n  regoin: eu-west-1\n");
  EXPECT_NE(std::string(aws_key.what()).find("aws.regoin"), std::string::npos);
  Error endpoint = load_file_error(dir, "aws:\n  endpoint_url: vpce.example.com\n");
  EXPECT_NE(std::string(endpoint.what()).find("https://"), std::string::npos);
  Error unknown = load_file_error(dir, "awz: {}\n");
  EXPECT_NE(unknown.hint().find("aws"), std::string::npos) << unknown.hint();
}

TEST(AwsSettings, EndpointsFollowTheSdkPrecedence) {
  AwsConfig config;
  config.endpoint_url = "https://all.example.com/";
  config.secretsmanager_endpoint_url = "https://sm.example.com";
  Environment env;
  aws::AwsSettings from_file(config, env);
  EXPECT_EQ(from_file.endpoint(aws::k_secrets_manager, "eu-west-1"), "https://sm.example.com");
  EXPECT_EQ(from_file.endpoint(aws::k_ssm, "eu-west-1"), "https://all.example.com");
  EXPECT_EQ(from_file.endpoint_source(aws::k_ssm), "aws.endpoint_url");

  env["AWS_ENDPOINT_URL"] = "https://env-all.example.com";
  env["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = "https://env-sm.example.com";
  aws::AwsSettings from_env(config, env);
  EXPECT_EQ(from_env.endpoint(aws::k_secrets_manager, "x"), "https://env-sm.example.com");
  EXPECT_EQ(from_env.endpoint(aws::k_ssm, "x"), "https://env-all.example.com");
  EXPECT_EQ(from_env.endpoint_source(aws::k_secrets_manager), "AWS_ENDPOINT_URL_SECRETS_MANAGER");

  env["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
  aws::AwsSettings ignoring(config, env);
  EXPECT_EQ(ignoring.endpoint(aws::k_ssm, "eu-west-1"), "https://ssm.eu-west-1.amazonaws.com");
  EXPECT_EQ(ignoring.endpoint(aws::k_sts, "cn-north-1"), "https://sts.cn-north-1.amazonaws.com.cn");
}

TEST(AwsSettings, RegionAndCaBundleFromTheEnvironmentFirst) {
  AwsConfig config;
  config.region = "eu-west-1";
  config.ca_bundle = "/file/ca.pem";
  aws::AwsSettings file_only(config, {});
  EXPECT_EQ(file_only.region(), "eu-west-1");
  EXPECT_EQ(file_only.ca_bundle(), "/file/ca.pem");
  Environment env{{"AWS_DEFAULT_REGION", "us-east-2"}, {"AWS_CA_BUNDLE", "/env/ca.pem"}};
  aws::AwsSettings default_region(config, env);
  EXPECT_EQ(default_region.region(), "us-east-2");
  EXPECT_EQ(default_region.ca_bundle(), "/env/ca.pem");
  env["AWS_REGION"] = "ap-south-1";
  EXPECT_EQ(aws::AwsSettings(config, env).region(), "ap-south-1");
  AwsConfig none;
  try {
    aws::AwsSettings(none, {}).require_region("reading a secret");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    EXPECT_NE(error.hint().find("AWS_REGION"), std::string::npos);
  }
}

TEST(AwsParsing, ArnsTimesAndErrorCodes) {
  EXPECT_EQ(aws::arn_region("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC"),
            "eu-west-1");
  EXPECT_EQ(aws::arn_region("prod/db"), "");
  EXPECT_EQ(aws::arn_region("arn:aws"), "");
  const auto time = aws::parse_iso8601("2026-12-03T12:00:00Z");
  ASSERT_TRUE(time);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*time), 1796299200);
  EXPECT_TRUE(aws::parse_iso8601("2026-12-03T12:00:00.123+00:00"));
  EXPECT_FALSE(aws::parse_iso8601("yesterday"));
  EXPECT_FALSE(aws::parse_iso8601("2026-13-03T12:00:00Z"));
  EXPECT_EQ(aws::json_error_code(R"({"__type":"com.amazonaws.x#ResourceNotFoundException"})", ""),
            "ResourceNotFoundException");
  EXPECT_EQ(aws::json_error_code("not json", "AccessDeniedException:http://x"),
            "AccessDeniedException");
  EXPECT_EQ(aws::json_error_message(R"({"Message":"no such secret"})"), "no such secret");
}

TEST(CredentialChain, EnvironmentCredentialsNeedBothHalves) {
  auto both = aws::environment_credentials(
      {{"AWS_ACCESS_KEY_ID", "AKIDX"}, {"AWS_SECRET_ACCESS_KEY", "secretkey1"}});
  ASSERT_TRUE(both);
  EXPECT_EQ(both->session_token, "");
  EXPECT_FALSE(aws::environment_credentials({}));
  try {
    aws::environment_credentials({{"AWS_ACCESS_KEY_ID", "AKIDX"}});
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::credentials);
    EXPECT_NE(error.message().find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
  }
}

TEST(CredentialChain, ADocumentWithoutKeysIsAnErrorThatShowsNothingOfIt) {
  try {
    aws::parse_credentials_document(R"({"Token":"tok-should-not-show"})", "the endpoint");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::credentials);
    EXPECT_EQ(std::string(error.what()).find("tok-should-not-show"), std::string::npos);
  }
  auto parsed = aws::parse_credentials_document(
      R"({"AccessKeyId":"AKID","SecretAccessKey":"sk-123456","Token":"tk-123456","Expiration":"2026-12-03T12:00:00Z"})",
      "the endpoint");
  EXPECT_EQ(parsed.access_key_id, "AKID");
  EXPECT_TRUE(parsed.expiration);
}

}  // namespace
}  // namespace retort
