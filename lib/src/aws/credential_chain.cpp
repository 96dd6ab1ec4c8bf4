#include "aws/credential_chain.hpp"

#include <fmt/format.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "retort/display_text.hpp"
#include "retort/error.hpp"
#include "retort/redact.hpp"

namespace retort::aws {

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text) {
  std::tm parts{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char tail = 0;
  const std::string copy(text.substr(0, 64));
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day, &hour, &minute,
                  &second, &tail) < 6) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  return std::chrono::system_clock::from_time_t(timegm(&parts));
}

void register_credentials_secrets(const Credentials& credentials) {
  register_secret(credentials.secret_access_key);
  register_secret(credentials.session_token);
}

Credentials parse_credentials_document(std::string_view body, const std::string& source) {
  const auto document = nlohmann::json::parse(body, nullptr, false);
  auto text = [&](const char* key) -> std::string {
    if (!document.is_object()) return {};
    auto found = document.find(key);
    return found != document.end() && found->is_string() ? found->get<std::string>()
                                                         : std::string();
  };
  Credentials result;
  result.access_key_id = text("AccessKeyId");
  result.secret_access_key = text("SecretAccessKey");
  result.session_token = text("Token");
  result.source = source;
  register_credentials_secrets(result);
  if (result.access_key_id.empty() || result.secret_access_key.empty()) {
    // Not shown: the body may hold a key or a token.
    throw Error(ErrorKind::credentials,
                fmt::format("{} answered without AccessKeyId and SecretAccessKey ({} bytes{})",
                            source, body.size(), document.is_object() ? "" : ", not a JSON object"),
                std::nullopt, fmt::format("check what serves {}", source));
  }
  const std::string expiration = text("Expiration");
  if (!expiration.empty()) result.expiration = parse_iso8601(expiration);
  return result;
}

std::optional<Credentials> environment_credentials(const Environment& environment) {
  const std::string key_id = environment_value(environment, "AWS_ACCESS_KEY_ID");
  const std::string secret = environment_value(environment, "AWS_SECRET_ACCESS_KEY");
  if (key_id.empty() && secret.empty()) return std::nullopt;
  Credentials result{key_id, secret, environment_value(environment, "AWS_SESSION_TOKEN"),
                     std::nullopt, "the environment (AWS_ACCESS_KEY_ID)"};
  register_credentials_secrets(result);
  if (key_id.empty() || secret.empty()) {
    throw Error(ErrorKind::credentials,
                fmt::format("{} is set but {} is not",
                            key_id.empty() ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID",
                            key_id.empty() ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"),
                std::nullopt,
                "set both (and AWS_SESSION_TOKEN for temporary credentials), or neither so the "
                "role's credentials are used");
  }
  return result;
}

Credentials resolve_credentials(const AwsSettings& settings) {
  if (auto found = environment_credentials(settings.environment())) return *found;
  if (auto found = web_identity_credentials(settings)) return *found;
  if (auto found = container_credentials(settings)) return *found;
  std::string why_not;
  if (auto found = instance_metadata_credentials(settings, why_not)) return *found;
  throw Error(ErrorKind::credentials,
              fmt::format("no AWS credentials found: not in the environment (AWS_ACCESS_KEY_ID), "
                          "no web identity (AWS_WEB_IDENTITY_TOKEN_FILE), no container "
                          "credentials endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or "
                          "_FULL_URI), and instance metadata {}",
                          why_not),
              std::nullopt,
              "run where a role is attached (Lambda, ECS, EKS, EC2), or export credentials, e.g. "
              "`eval \"$(aws configure export-credentials --format env)\"`");
}

}  // namespace retort::aws
