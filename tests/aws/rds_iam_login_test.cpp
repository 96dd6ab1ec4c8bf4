// auth rds-iam end to end: a real PostgreSQL serving TLS with the test CA
// whose role's password is the RDS auth token the test computed, and the
// retort binary, with its clock frozen at the token's time (faketime), that
// must compute the same token from the environment's credentials, verify
// the server's certificate (sslmode verify-full by default) and migrate.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>

#include "aws/rds_token.hpp"
#include "aws_test_support.hpp"
#include "support/scratch_cluster.hpp"
#include "support/temp_dir.hpp"

namespace retort::testing {
namespace {

constexpr const char* k_key_id = "AKIDRDSIAMTEST0001";
constexpr const char* k_secret_key = "rdsIamTestSecretKey/abcdefghijklmnop0123456";
constexpr const char* k_session_token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENrdsiam0123456789";
constexpr const char* k_region = "eu-west-1";

// The time retort's clock is frozen at: this test process's start, to the
// second (after the test CA's certificates were made, so they are valid).
std::chrono::system_clock::time_point frozen_time() {
  static const auto time = std::chrono::floor<std::chrono::seconds>(
      std::chrono::system_clock::now() + std::chrono::seconds(2));
  return time;
}

// frozen_time() as faketime(1) takes it (UTC: the child runs with TZ=UTC).
std::string frozen_time_text() {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(frozen_time());
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &parts);
  return text;
}

class RdsIamLogin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string error;
    s_ca = test_ca_dir(error);
    if (s_ca.empty()) {
      s_error = "cannot make the test CA: " + error;
      return;
    }
    s_cluster = ScratchCluster::start(error);
    if (!s_cluster) {
      s_error = "cannot start PostgreSQL: " + error;
      return;
    }
    if (!s_cluster->enable_tls((s_ca / "server.pem").string(), (s_ca / "server.key").string())) {
      s_error = "cannot enable TLS on the scratch cluster";
      return;
    }
    // TCP only over TLS, and with the password sent as it is (what RDS's
    // PAM module receives is the token itself).
    s_cluster->write_hba(
        "local all all trust\n"
        "hostssl all all 127.0.0.1/32 password\n"
        "host all all 127.0.0.1/32 reject\n");
    PgServer::query(s_cluster->url(), "CREATE ROLE migrator LOGIN");
    PgServer::query(s_cluster->url(), "CREATE DATABASE app OWNER migrator");
  }
  static void TearDownTestSuite() { s_cluster.reset(); }

  void SetUp() override {
    if (!s_error.empty()) {
      if (aws_tools_required()) FAIL() << s_error;
      GTEST_SKIP() << s_error;
    }
    REQUIRE_TOOL(faketime_binary(), "faketime (Debian package faketime)");
    m_dir.write("migrations/0001_a.sql",
                "-- revision: a1\n-- down_revision:\n-- message: first\n\n"
                "-- migrate:upgrade\nCREATE TABLE iam_one (id int);\n\n"
                "-- migrate:downgrade\nDROP TABLE iam_one;\n");
    m_dir.write("migrations/0002_b.sql",
                "-- revision: b2\n-- down_revision: a1\n-- message: second\n\n"
                "-- migrate:upgrade\nCREATE TABLE iam_two (id int);\n\n"
                "-- migrate:downgrade\nDROP TABLE iam_two;\n");
    PgServer::query(app_url(),
                    "DROP TABLE IF EXISTS alembic_version, retort_history, iam_one, iam_two");
  }

  // The app database over the socket, as the trusted superuser.
  static std::string app_url() { return s_cluster->url() + "&dbname=app"; }

  // The token for 127.0.0.1:<port> as `user`, signed at `time`.
  static std::string token_at(std::chrono::system_clock::time_point time,
                              const std::string& user = "migrator") {
    aws::Credentials credentials{k_key_id, k_secret_key, k_session_token, std::nullopt, "test"};
    return aws::rds_auth_token({"127.0.0.1", s_cluster->port(), user, k_region}, credentials, time);
  }
  static void set_role_password(const std::string& password) {
    PgServer::query(s_cluster->url(), fmt::format("ALTER ROLE migrator PASSWORD '{}'", password));
  }

  // retort with the clock frozen at frozen_time(), the environment's AWS
  // credentials, and a config for auth rds-iam plus `extra`.
  ProcessResult retort(const std::vector<std::string>& args, const std::string& extra = "",
                       std::map<std::string, std::string> env = {}) {
    m_dir.write("retort.yaml", fmt::format("script_location: migrations\n"
                                           "url: postgresql://migrator@127.0.0.1:{}/app\n"
                                           "auth: rds-iam\n"
                                           "sslrootcert: {}\n{}",
                                           s_cluster->port(), (s_ca / "ca.pem").string(), extra));
    ProcessOptions options;
    options.cwd = m_dir.path();
    options.env = {{"TZ", "UTC"},
                   {"AWS_ACCESS_KEY_ID", k_key_id},
                   {"AWS_SECRET_ACCESS_KEY", k_secret_key},
                   {"AWS_SESSION_TOKEN", k_session_token},
                   {"AWS_REGION", k_region},
                   {"AWS_EC2_METADATA_DISABLED", "true"}};
    for (auto& [name, value] : env) options.env[name] = value;
    options.unset_env = {"DATABASE_URL",
                         "DB_URL",
                         "RETORT_URL",
                         "RETORT_CONFIG",
                         "PGPASSWORD",
                         "PGHOST",
                         "PGUSER",
                         "PGSSLMODE",
                         "AWS_PROFILE",
                         "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                         "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                         "AWS_WEB_IDENTITY_TOKEN_FILE"};
    for (auto& [name, value] : env) {
      if (value.empty()) options.unset_env.push_back(name);
    }
    // -f: the clock stays at that second (without it, it runs from there).
    std::vector<std::string> argv{faketime_binary(), "-f", frozen_time_text(), RETORT_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, options);
  }

  std::vector<std::string> secrets() const {
    return {k_secret_key, k_session_token, token_at(frozen_time()),
            token_at(frozen_time() - std::chrono::minutes(1))};
  }

  TempDir m_dir;
  static inline std::filesystem::path s_ca;
  static inline std::unique_ptr<ScratchCluster> s_cluster;
  static inline std::string s_error;
};

TEST_F(RdsIamLogin, ThePostgresRoleAcceptsTheTokenRetortComputes) {
  set_role_password(token_at(frozen_time()));
  const ProcessResult upgrade = retort({"upgrade", "head"});
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err;
  EXPECT_EQ(PgServer::query(app_url(), "SELECT version_num FROM alembic_version"),
            std::vector<std::string>{"b2"});
  const ProcessResult current = retort({"--format", "json", "current"});
  ASSERT_EQ(current.exit_code, 0) << current.err;
  EXPECT_NE(current.out.find("b2"), std::string::npos) << current.out;
  // The history row names the role, never the token.
  const auto history = PgServer::query(
      app_url(),
      "SELECT concat_ws(' ', revision, direction, applied_by, tool_version) FROM retort_history");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_NE(history[0].find("migrator"), std::string::npos);
  std::vector<std::pair<std::string, std::string>> texts = outputs_of(upgrade);
  for (auto& named : outputs_of(current)) texts.push_back(named);
  for (const auto& row : history) texts.emplace_back("history row", row);
  expect_no_secret(secrets(), texts);
}

TEST_F(RdsIamLogin, ARefusedTokenSaysWhatToGrantAndShowsNoToken) {
  set_role_password(token_at(frozen_time() - std::chrono::minutes(1)));
  const ProcessResult run = retort({"upgrade", "head"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("rds_iam"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("rds-db:connect"), std::string::npos) << run.err;
  const ProcessResult json = retort({"--format", "json", "upgrade", "head"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_NE(json.out.find("rds_iam"), std::string::npos) << json.out;
  std::vector<std::pair<std::string, std::string>> texts = outputs_of(run);
  for (auto& named : outputs_of(json)) texts.push_back(named);
  expect_no_secret(secrets(), texts);
}

TEST_F(RdsIamLogin, AServerCertificateFromAnotherCaIsRefused) {
  set_role_password(token_at(frozen_time()));
  const ProcessResult run =
      retort({"current"}, "", {{"RETORT_SSLROOTCERT", (s_ca / "wrong-ca.pem").string()}});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("certificate verify failed"), std::string::npos) << run.err;
  expect_no_secret(secrets(), outputs_of(run));
}

TEST_F(RdsIamLogin, TlsIsRequired) {
  const ProcessResult run = retort({"current"}, "sslmode: disable\n");
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("needs TLS"), std::string::npos) << run.err;
  const ProcessResult in_url = retort(
      {"--url",
       fmt::format("postgresql://migrator@127.0.0.1:{}/app?sslmode=prefer", s_cluster->port()),
       "current"});
  EXPECT_EQ(in_url.exit_code, 2) << in_url.err;
  EXPECT_NE(in_url.err.find("needs TLS"), std::string::npos) << in_url.err;
}

TEST_F(RdsIamLogin, WithoutARegionItSaysHowToSetOne) {
  const ProcessResult run =
      retort({"current"}, "", {{"AWS_REGION", ""}, {"AWS_DEFAULT_REGION", ""}});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("AWS_REGION"), std::string::npos) << run.err;
}

TEST_F(RdsIamLogin, WithoutCredentialsItListsWhereItLooked) {
  const ProcessResult run =
      retort({"current"}, "",
             {{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", ""}, {"AWS_SESSION_TOKEN", ""}});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("no AWS credentials found"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("AWS_EC2_METADATA_DISABLED"), std::string::npos) << run.err;
}

TEST_F(RdsIamLogin, TheAuthFlagTurnsItOn) {
  set_role_password(token_at(frozen_time()));
  m_dir.write("plain.yaml", fmt::format("script_location: migrations\nsslrootcert: {}\n",
                                        (s_ca / "ca.pem").string()));
  const ProcessResult run =
      retort({"-c", "plain.yaml", "--auth", "rds-iam", "--url",
              fmt::format("postgresql://migrator@127.0.0.1:{}/app", s_cluster->port()), "current"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  expect_no_secret(secrets(), outputs_of(run));
}

}  // namespace
}  // namespace retort::testing
