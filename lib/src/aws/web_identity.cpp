// Web identity (EKS IAM roles for service accounts): STS
// AssumeRoleWithWebIdentity with the token file's text, unsigned, Query
// protocol (form body, XML answer).
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "aws/credential_chain.hpp"
#include "aws/sigv4.hpp"
#include "http/http_client.hpp"
#include "retort/display_text.hpp"
#include "retort/error.hpp"
#include "retort/redact.hpp"

namespace retort::aws {
namespace {

// The text of the first <tag>...</tag> of `xml`, entities decoded; "" when absent.
std::string xml_element(std::string_view xml, std::string_view tag) {
  const std::string open = fmt::format("<{}>", tag);
  const std::string close = fmt::format("</{}>", tag);
  auto start = xml.find(open);
  if (start == std::string_view::npos) return {};
  start += open.size();
  auto end = xml.find(close, start);
  if (end == std::string_view::npos) return {};
  std::string text(xml.substr(start, end - start));
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      decoded += text[i];
      continue;
    }
    static const std::pair<std::string_view, char> k_entities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    bool matched = false;
    for (const auto& [entity, character] : k_entities) {
      if (std::string_view(text).substr(i).starts_with(entity)) {
        decoded += character;
        i += entity.size() - 1;
        matched = true;
        break;
      }
    }
    if (!matched) decoded += '&';
  }
  return decoded;
}

std::string read_web_identity_token(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::credentials,
                fmt::format("cannot read AWS_WEB_IDENTITY_TOKEN_FILE {}", text::quote(path)),
                std::nullopt, "check the service account's projected token volume");
  }
  std::stringstream content;
  content << in.rdbuf();
  std::string token = content.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

std::string form_field(std::string_view name, std::string_view value) {
  return fmt::format("{}={}", name, uri_encode(value));
}

}  // namespace

std::optional<Credentials> web_identity_credentials(const AwsSettings& settings) {
  const Environment& environment = settings.environment();
  const std::string token_file = environment_value(environment, "AWS_WEB_IDENTITY_TOKEN_FILE");
  const std::string role_arn = environment_value(environment, "AWS_ROLE_ARN");
  if (token_file.empty() && role_arn.empty()) return std::nullopt;
  if (token_file.empty() || role_arn.empty()) {
    throw Error(ErrorKind::credentials,
                fmt::format("{} is set but {} is not",
                            token_file.empty() ? "AWS_ROLE_ARN" : "AWS_WEB_IDENTITY_TOKEN_FILE",
                            token_file.empty() ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "AWS_ROLE_ARN"),
                std::nullopt, "web identity needs both (EKS sets them for a service account)");
  }
  const std::string token = read_web_identity_token(token_file);
  register_secret(token);
  std::string session = environment_value(environment, "AWS_ROLE_SESSION_NAME");
  if (session.empty()) {
    session = fmt::format("retort-{}", std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  }
  // The regional endpoint when a region is known, else the global one.
  const std::string endpoint =
      settings.region().empty() && settings.endpoint_source(k_sts) == "the regional endpoint"
          ? std::string("https://sts.amazonaws.com")
          : settings.endpoint(k_sts, settings.region());
  const std::string source =
      fmt::format("web identity (role {} through STS)", text::quote(role_arn));

  http::HttpRequest request;
  request.method = "POST";
  request.url = endpoint + "/";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body =
      fmt::format("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&{}&{}&{}",
                  form_field("RoleArn", role_arn), form_field("RoleSessionName", session),
                  form_field("WebIdentityToken", token));
  request.connect_timeout_s = settings.within_deadline(3);
  request.timeout_s = settings.within_deadline(10);
  request.use_proxy = true;
  request.ca_bundle = settings.ca_bundle();
  http::HttpResponse response;
  try {
    response = http::send_http(request);
  } catch (const http::HttpFailure& failure) {
    throw Error(ErrorKind::credentials,
                fmt::format("cannot reach STS at {} for {} ({})", text::shortened(endpoint), source,
                            failure.what()),
                std::nullopt,
                failure.cause() == http::HttpFailure::Cause::tls
                    ? "set AWS_CA_BUNDLE to the CA bundle that signs the endpoint's certificate"
                    : "check the route to STS (a VPC endpoint: AWS_ENDPOINT_URL_STS)");
  }
  if (response.status != 200) {
    const std::string code = xml_element(response.body, "Code");
    throw Error(ErrorKind::credentials,
                fmt::format("STS refused {}: {} {}", source,
                            code.empty() ? fmt::format("HTTP {}", response.status) : code,
                            text::shortened(xml_element(response.body, "Message"))),
                std::nullopt,
                "check the role's trust policy for the cluster's OIDC provider and the service "
                "account");
  }
  const std::string body = response.body;
  Credentials result{xml_element(body, "AccessKeyId"), xml_element(body, "SecretAccessKey"),
                     xml_element(body, "SessionToken"),
                     parse_iso8601(xml_element(body, "Expiration")), source};
  register_credentials_secrets(result);
  if (result.access_key_id.empty() || result.secret_access_key.empty()) {
    throw Error(ErrorKind::credentials, fmt::format("STS answered {} without credentials", source),
                std::nullopt, "check AWS_ENDPOINT_URL_STS points at STS");
  }
  return result;
}

}  // namespace retort::aws
