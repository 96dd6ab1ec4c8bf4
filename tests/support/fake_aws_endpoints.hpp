// Stand-ins for the AWS endpoints retort fetches credentials and secrets from
// (Secrets Manager, SSM, STS, the ECS/EKS container credentials endpoint,
// EC2 IMDSv2, the Parameters and Secrets Lambda extension): tests/aws/fake_aws.py
// in a child process on 127.0.0.1, over HTTPS with a test CA
// (tests/aws/make-test-ca) or over plain HTTP. The scenario (its keys are
// documented at the top of fake_aws.py) says what each role answers; every
// request the fake received can be read back.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/background_process.hpp"
#include "support/pg_server.hpp"  // postgres_required(): CI=true
#include "support/temp_dir.hpp"

namespace retort::testing {

class FakeAwsEndpoints {
 public:
  enum class Transport { https, http };

  // Starts the fake with `scenario` and waits until it listens. The test CA
  // is made on first use, once per process. Throws std::runtime_error when
  // it cannot start (no python3 or openssl, or fake_aws.py failed).
  explicit FakeAwsEndpoints(const nlohmann::json& scenario, Transport transport = Transport::https);
  ~FakeAwsEndpoints();  // stops the process (SIGTERM, then SIGKILL)
  FakeAwsEndpoints(const FakeAwsEndpoints&) = delete;
  FakeAwsEndpoints& operator=(const FakeAwsEndpoints&) = delete;

  // "https://127.0.0.1:PORT" (or "http://..."), without a trailing slash.
  std::string url() const;
  // "127.0.0.1:PORT".
  std::string host_port() const;
  int port() const { return m_port; }

  // The test CA's certificate (PEM), which the fake's certificate chains to;
  // the certificate names 127.0.0.1, ::1 and localhost.
  static std::filesystem::path ca_bundle();
  // An unrelated CA's certificate: a client that trusts only it must fail.
  static std::filesystem::path wrong_ca_bundle();

  // Replaces the scenario (written beside the old file, then renamed over
  // it): the fake reads it again for every request, and restarts the
  // `fail.<role>.times` counts when it changes.
  void set_scenario(const nlohmann::json& scenario);

  // One JSON object per request received so far, oldest first: seq, time,
  // role, method, target, path, query, headers (lower-case names), body,
  // status (null when the connection was dropped), outcome.
  std::vector<nlohmann::json> requests() const;
  // Those whose role is `role` ("secretsmanager", "ssm", "sts", "imds",
  // "extension", "container").
  std::vector<nlohmann::json> requests(const std::string& role) const;

  // What the fake wrote to stderr (a Python traceback when it broke).
  std::string errors() const { return m_process ? m_process->err() : std::string(); }

 private:
  TempDir m_dir;
  Transport m_transport;
  int m_port = 0;
  std::unique_ptr<BackgroundProcess> m_process;
};

}  // namespace retort::testing

// Starts FakeAwsEndpoints as `var` (a std::unique_ptr), or skips the test
// when it cannot start (fails it under CI=true).
#define REQUIRE_FAKE_AWS(var, ...)                                                           \
  std::unique_ptr<::retort::testing::FakeAwsEndpoints> var;                                  \
  try {                                                                                      \
    var = std::make_unique<::retort::testing::FakeAwsEndpoints>(__VA_ARGS__);                \
  } catch (const std::exception& var##_error) {                                              \
    if (::retort::testing::postgres_required()) {                                            \
      FAIL() << "the fake AWS endpoints are required under CI=true: " << var##_error.what(); \
    }                                                                                        \
    GTEST_SKIP() << "the fake AWS endpoints cannot start: " << var##_error.what();           \
  }
