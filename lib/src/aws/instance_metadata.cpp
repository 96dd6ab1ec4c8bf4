// EC2 instance metadata, IMDSv2 only: PUT a session token, then read the
// role's credentials with it.
#include <fmt/format.h>

#include "aws/credential_chain.hpp"
#include "http/http_client.hpp"
#include "retort/display_text.hpp"
#include "retort/error.hpp"
#include "retort/redact.hpp"

namespace retort::aws {
namespace {

constexpr std::string_view k_role_path = "/latest/meta-data/iam/security-credentials/";

struct MetadataAnswer {
  long status = 0;
  std::string body;
  std::string failure;  // no answer: why
};

MetadataAnswer ask_metadata(const AwsSettings& settings, const std::string& method,
                            const std::string& url,
                            std::vector<std::pair<std::string, std::string>> headers) {
  http::HttpRequest request;
  request.method = method;
  request.url = url;
  request.headers = std::move(headers);
  request.connect_timeout_s = settings.within_deadline(1);  // the SDKs': off EC2 nothing answers
  request.timeout_s = settings.within_deadline(2);
  MetadataAnswer answer;
  try {
    auto response = http::send_http(request);
    answer.status = response.status;
    answer.body = std::move(response.body);
  } catch (const http::HttpFailure& failure) {
    answer.failure = failure.what();
  }
  return answer;
}

}  // namespace

std::optional<Credentials> instance_metadata_credentials(const AwsSettings& settings,
                                                         std::string& why_not) {
  const Environment& environment = settings.environment();
  if (environment_value(environment, "AWS_EC2_METADATA_DISABLED") == "true") {
    why_not = "is disabled (AWS_EC2_METADATA_DISABLED=true)";
    return std::nullopt;
  }
  std::string base = environment_value(environment, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (base.empty()) base = "http://169.254.169.254";
  while (base.ends_with('/')) base.pop_back();
  const std::string shown = text::shortened(base);

  const MetadataAnswer token = ask_metadata(settings, "PUT", base + "/latest/api/token",
                                            {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}});
  if (!token.failure.empty()) {
    why_not = fmt::format("did not answer at {} (not on EC2?)", shown);
    return std::nullopt;
  }
  if (token.status != 200 || token.body.empty()) {
    why_not = fmt::format("at {} refused an IMDSv2 session token (HTTP {})", shown, token.status);
    return std::nullopt;
  }
  register_secret(token.body);
  const std::vector<std::pair<std::string, std::string>> with_token = {
      {"X-aws-ec2-metadata-token", token.body}};
  const std::string source = fmt::format("instance metadata (IMDSv2) at {}", shown);

  const MetadataAnswer role =
      ask_metadata(settings, "GET", base + std::string(k_role_path), with_token);
  if (role.failure.empty() && (role.status == 404 || role.body.empty())) {
    why_not = fmt::format("at {} has no IAM role attached to the instance", shown);
    return std::nullopt;
  }
  if (!role.failure.empty() || role.status != 200) {
    throw Error(
        ErrorKind::credentials,
        fmt::format("{} failed to give the role name: {}", source,
                    role.failure.empty() ? fmt::format("HTTP {}", role.status) : role.failure),
        std::nullopt, "check the instance's metadata options (IMDSv2, hop limit)");
  }
  const std::string name = role.body.substr(0, role.body.find_first_of("\r\n"));
  const MetadataAnswer document =
      ask_metadata(settings, "GET", base + std::string(k_role_path) + name, with_token);
  if (!document.failure.empty() || document.status != 200) {
    throw Error(
        ErrorKind::credentials,
        fmt::format(
            "{} failed to give the credentials of role {}: {}", source, text::quote(name),
            document.failure.empty() ? fmt::format("HTTP {}", document.status) : document.failure),
        std::nullopt, "check the instance profile's role");
  }
  return parse_credentials_document(document.body, source);
}

}  // namespace retort::aws
