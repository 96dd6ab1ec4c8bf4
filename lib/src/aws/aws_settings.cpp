#include "aws/aws_settings.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "retort/error.hpp"

namespace retort::aws {

std::string environment_value(const Environment& environment, std::string_view name) {
  auto found = environment.find(std::string(name));
  return found == environment.end() ? std::string() : found->second;
}

AwsSettings::AwsSettings(const AwsConfig& config, const Environment& environment)
    : m_config(config), m_environment(environment) {
  m_region = environment_value(environment, "AWS_REGION");
  if (m_region.empty()) m_region = environment_value(environment, "AWS_DEFAULT_REGION");
  if (m_region.empty()) m_region = config.region;
  m_ca_bundle = environment_value(environment, "AWS_CA_BUNDLE");
  if (m_ca_bundle.empty()) m_ca_bundle = config.ca_bundle.string();
  m_secrets_extension = config.secrets_extension;
}

const std::string& AwsSettings::require_region(std::string_view purpose) const {
  if (m_region.empty()) {
    throw Error(ErrorKind::config, fmt::format("{} needs an AWS region, and none is set", purpose),
                std::nullopt,
                "set AWS_REGION (Lambda and ECS set it for you) or `aws: {region: ...}` in the "
                "config file");
  }
  return m_region;
}

double AwsSettings::within_deadline(double seconds) const {
  if (!m_deadline) return seconds;
  const double left =
      std::chrono::duration<double>(*m_deadline - std::chrono::steady_clock::now()).count();
  return std::max(0.001, std::min(seconds, left));
}

std::string AwsSettings::configured_endpoint(const Service& service, std::string* source) const {
  if (environment_value(m_environment, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") == "true") return {};
  const std::string service_variable = fmt::format("AWS_ENDPOINT_URL_{}", service.endpoint_env);
  const std::string& per_service = service.signing_name == "secretsmanager"
                                       ? m_config.secretsmanager_endpoint_url
                                   : service.signing_name == "ssm" ? m_config.ssm_endpoint_url
                                                                   : m_config.sts_endpoint_url;
  const std::pair<std::string, std::string> candidates[] = {
      {environment_value(m_environment, service_variable), service_variable},
      {environment_value(m_environment, "AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL"},
      {per_service, fmt::format("aws.{}_endpoint_url", service.signing_name)},
      {m_config.endpoint_url, "aws.endpoint_url"},
  };
  for (const auto& [value, name] : candidates) {
    if (value.empty()) continue;
    if (source != nullptr) *source = name;
    std::string url = value;
    while (url.ends_with('/')) url.pop_back();
    return url;
  }
  return {};
}

std::string AwsSettings::endpoint(const Service& service, std::string_view region) const {
  std::string configured = configured_endpoint(service, nullptr);
  if (!configured.empty()) return configured;
  const bool china = region.starts_with("cn-");
  return fmt::format("https://{}.{}.amazonaws.com{}", service.signing_name, region,
                     china ? ".cn" : "");
}

std::string AwsSettings::endpoint_source(const Service& service) const {
  std::string source;
  if (configured_endpoint(service, &source).empty()) return "the regional endpoint";
  return source;
}

}  // namespace retort::aws
