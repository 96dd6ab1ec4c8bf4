// Shared pieces of the AWS tests: the test CA (tests/aws/make-test-ca), the
// credentials the tests sign with, and the check that nothing secret leaks.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "lambda/http_server.hpp"

#include "support/pg_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace retort::testing {

// The directory of the fake AWS endpoints' test PKI (ca.pem, server.pem/.key,
// wrong-ca.pem; tests/aws/make-test-ca), made once per process. Empty when openssl cannot make it
// (then `error` says why).
std::filesystem::path test_ca_dir(std::string& error);

// faketime(1), which freezes the clock of the retort process so that the
// token it computes is the one the test computed; empty when not installed.
std::string faketime_binary();

// Whether a missing tool fails the test (CI=true) instead of skipping it.
inline bool aws_tools_required() {
  return postgres_required();
}

// Fails the test for every `secrets` value (at least 4 bytes) found in any of
// `texts`, naming where.
void expect_no_secret(const std::vector<std::string>& secrets,
                      const std::vector<std::pair<std::string, std::string>>& texts);

// The outputs of one run, named for expect_no_secret().
std::vector<std::pair<std::string, std::string>> outputs_of(const ProcessResult& result);

// A set of AWS keys a test signs with, and the fake's scenario entry
// ("credentials": {key id: {...}}) that accepts them.
struct AwsKeys {
  std::string key_id;
  std::string secret_key;
  std::string session_token;  // empty: long-term keys
  nlohmann::json scenario_entry() const;
};
// The keys of AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
const AwsKeys& environment_keys();

// Options for a run of the retort binary in `cwd` that inherits nothing
// AWS-, proxy- or database-related from the machine (which may set
// AWS_CA_BUNDLE, DATABASE_URL, https_proxy, ...), with IMDS switched off
// (AWS_EC2_METADATA_DISABLED=true) unless a test sets it again.
ProcessOptions isolated_aws_options(const std::filesystem::path& cwd);
// Adds `keys` as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN.
void add_keys(ProcessOptions& options, const AwsKeys& keys);

// The Credential=<key id>/<date>/<region>/<service>/aws4_request part of a
// request's SigV4 Authorization header, as the fake logged it; every field
// empty when the request had none.
struct SigningCredential {
  std::string key_id, date, region, service;
};
SigningCredential signing_credential(const nlohmann::json& request);

// A database on the shared server owned by the role k_role, which logs in
// over TCP on 127.0.0.1 (scram) with the password k_password only; and a
// project directory with two revisions (a1, b2) whose retort.yaml each test
// writes.
class LoginDatabase {
 public:
  static constexpr const char* k_role = "aws_login";
  static constexpr const char* k_password = "Aw5-s3cr3t-L0gin!pw9zq";

  // nullptr when `server` has no TCP port (RETORT_TEST_DATABASE_URL).
  static std::unique_ptr<LoginDatabase> create(PgServer& server);

  const std::string& name() const { return m_name; }
  int port() const { return m_port; }
  // postgresql://<user>[:<password>]@127.0.0.1:<port>/<database>; no user
  // or password when empty.
  std::string url(const std::string& user = k_role, const std::string& password = "") const;
  // The version table's rows, sorted; empty when it does not exist.
  std::vector<std::string> versions() const;
  // Every row of the version and history tables, as JSON text.
  std::vector<std::string> table_rows() const;

  const TempDir& dir() const { return m_dir; }
  // Writes retort.yaml: script_location: migrations, then `extra`.
  void write_config(const std::string& extra) const;

 private:
  LoginDatabase() = default;
  TempDir m_dir;
  std::string m_name;
  std::string m_admin_url;
  int m_port = 0;
};

// The Lambda Runtime API for one `retort lambda` process: hands out the
// queued events on /invocation/next, each with a deadline `deadline_in`
// away, then answers 500, which ends retort's loop; records what is posted
// (/response, /error, /init/error) and when.
class RuntimeApiStub {
 public:
  explicit RuntimeApiStub(std::vector<std::string> events,
                          std::chrono::milliseconds deadline_in = std::chrono::seconds(120));
  ~RuntimeApiStub();
  RuntimeApiStub(const RuntimeApiStub&) = delete;
  RuntimeApiStub& operator=(const RuntimeApiStub&) = delete;

  // AWS_LAMBDA_RUNTIME_API: "127.0.0.1:PORT".
  std::string address() const;

  struct Posted {
    lambda::ServerRequest request;
    std::chrono::steady_clock::time_point at;
  };
  std::vector<Posted> posted() const;

 private:
  lambda::ServerResponse handle(const lambda::ServerRequest& request);

  mutable std::mutex m_mutex;
  std::deque<std::string> m_events;
  std::chrono::milliseconds m_deadline_in;
  int m_counter = 0;
  std::vector<Posted> m_posted;
  lambda::HttpServer m_server{"127.0.0.1", 0};
  std::thread m_thread;
};

}  // namespace retort::testing

// Sets `var` (a std::unique_ptr<LoginDatabase>) or skips the test (fails it
// under CI=true) when there is no PostgreSQL with a TCP port.
#define REQUIRE_LOGIN_DATABASE(var)                                                     \
  REQUIRE_PG(var##_server);                                                             \
  auto var = ::retort::testing::LoginDatabase::create(*var##_server);                   \
  if (!var) {                                                                           \
    if (::retort::testing::postgres_required()) FAIL() << "the server has no TCP port"; \
    GTEST_SKIP() << "the server has no TCP port for password logins";                   \
  }

#define REQUIRE_TOOL(value, what)                                              \
  if ((value).empty()) {                                                       \
    if (::retort::testing::aws_tools_required()) FAIL() << what << " missing"; \
    GTEST_SKIP() << what << " missing";                                        \
  }
