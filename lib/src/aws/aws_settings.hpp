// Where retort's AWS calls go: the region, each service's endpoint and the
// CAs trusted for them, following the AWS SDKs' conventions. The environment
// wins over the config file's `aws:` mapping (retort/config.hpp AwsConfig),
// as the SDKs let AWS_* variables win over ~/.aws/config.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "retort/config.hpp"

namespace retort::aws {

// A service retort calls, with the names the SDK conventions use for it.
struct Service {
  std::string_view signing_name;  // SigV4 credential scope: "secretsmanager"
  std::string_view endpoint_env;  // AWS_ENDPOINT_URL_<...>: "SECRETS_MANAGER"
  std::string_view display_name;  // for messages: "Secrets Manager"
};
inline constexpr Service k_secrets_manager{"secretsmanager", "SECRETS_MANAGER", "Secrets Manager"};
inline constexpr Service k_ssm{"ssm", "SSM", "SSM Parameter Store"};
inline constexpr Service k_sts{"sts", "STS", "STS"};

class AwsSettings {
 public:
  AwsSettings(const AwsConfig& config, const Environment& environment);

  // AWS_REGION, else AWS_DEFAULT_REGION, else aws.region; empty when none
  // is set.
  const std::string& region() const { return m_region; }
  // region(), or Error(ErrorKind::config) saying how to set one. `purpose`
  // completes "... needs an AWS region".
  const std::string& require_region(std::string_view purpose) const;

  // The endpoint URL (no trailing '/') of `service` in `region`:
  // AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, else the config's
  // per-service key, else aws.endpoint_url, else the regional endpoint
  // https://<service>.<region>.amazonaws.com (amazonaws.com.cn in China).
  // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true keeps only the regional one.
  std::string endpoint(const Service& service, std::string_view region) const;
  // Where endpoint() came from, for messages: "AWS_ENDPOINT_URL_SSM", ...
  std::string endpoint_source(const Service& service) const;

  // AWS_CA_BUNDLE, else aws.ca_bundle; empty: the system's CAs.
  const std::string& ca_bundle() const { return m_ca_bundle; }
  bool secrets_extension() const { return m_secrets_extension; }

  // The run's deadline (a Lambda invocation's), if any: every AWS request
  // and retry ends by then.
  void set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline) {
    m_deadline = deadline;
  }
  // `seconds`, or the time left before the deadline when that is less (at
  // least 1 ms, so a request past the deadline fails at once as a timeout).
  double within_deadline(double seconds) const;
  const Environment& environment() const { return m_environment; }

 private:
  std::string configured_endpoint(const Service& service, std::string* source) const;

  const AwsConfig& m_config;
  const Environment& m_environment;
  std::string m_region;
  std::string m_ca_bundle;
  bool m_secrets_extension = true;
  std::optional<std::chrono::steady_clock::time_point> m_deadline;
};

// The value of `name` in `environment`, or "" when unset or empty.
std::string environment_value(const Environment& environment, std::string_view name);

}  // namespace retort::aws
