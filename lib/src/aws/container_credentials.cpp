// The ECS/EKS container credentials endpoint (ECS task roles, EKS Pod
// Identity): GET the URI with the authorization token, read the JSON.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "aws/credential_chain.hpp"
#include "http/http_client.hpp"
#include "retort/display_text.hpp"
#include "retort/error.hpp"
#include "retort/redact.hpp"

namespace retort::aws {
namespace {

constexpr std::string_view k_ecs_host = "http://169.254.170.2";

// The host part of an http:// URL, brackets removed.
std::string container_uri_host(std::string_view url) {
  auto start = url.find("://");
  if (start == std::string_view::npos) return {};
  start += 3;
  auto end = url.find_first_of("/?#", start);
  std::string authority(
      url.substr(start, end == std::string_view::npos ? url.size() - start : end - start));
  authority.erase(0, authority.rfind('@') == std::string::npos ? 0 : authority.rfind('@') + 1);
  if (authority.starts_with('[')) return authority.substr(1, authority.find(']') - 1);
  return authority.substr(0, authority.find(':'));
}

// What the SDKs allow a plain-http FULL_URI to point at: the loopback
// addresses and the ECS/EKS agents' link-local ones.
bool allowed_plain_http_host(const std::string& host) {
  return host == "localhost" || host.starts_with("127.") || host == "::1" ||
         host == "169.254.170.2" || host == "169.254.170.23" || host == "fd00:ec2::23";
}

std::string read_token_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(
        ErrorKind::credentials,
        fmt::format("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {}", text::quote(path)),
        std::nullopt, "check that the file is mounted into the container and readable");
  }
  std::stringstream content;
  content << in.rdbuf();
  std::string token = content.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
    token.pop_back();
  return token;
}

}  // namespace

std::optional<Credentials> container_credentials(const AwsSettings& settings) {
  const Environment& environment = settings.environment();
  const std::string relative =
      environment_value(environment, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const std::string full = environment_value(environment, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (relative.empty() && full.empty()) return std::nullopt;
  const std::string url = !relative.empty() ? std::string(k_ecs_host) + relative : full;
  const std::string shown = text::shortened(url.substr(0, url.find('?')));
  const std::string source = fmt::format("the container credentials endpoint {}", shown);
  if (relative.empty()) {
    const bool https = full.starts_with("https://");
    if (!https &&
        !(full.starts_with("http://") && allowed_plain_http_host(container_uri_host(full)))) {
      throw Error(ErrorKind::credentials,
                  fmt::format("AWS_CONTAINER_CREDENTIALS_FULL_URI {} is neither https:// nor "
                              "plain http to a loopback or container-agent address",
                              text::quote(shown)),
                  std::nullopt,
                  "use https://, or http:// to 127.0.0.1, 169.254.170.2 or 169.254.170.23");
    }
  }
  std::string token;
  const std::string token_file =
      environment_value(environment, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  if (!token_file.empty()) {
    token = read_token_file(token_file);
  } else {
    token = environment_value(environment, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
  }
  register_secret(token);
  if (token.find_first_of("\r\n") != std::string::npos) {
    throw Error(ErrorKind::credentials, "the container authorization token holds a line break",
                std::nullopt, "check AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)");
  }

  http::HttpRequest request;
  request.url = url;
  if (!token.empty()) request.headers.emplace_back("Authorization", token);
  request.connect_timeout_s = settings.within_deadline(2);
  request.timeout_s = settings.within_deadline(5);
  request.ca_bundle = settings.ca_bundle();
  http::HttpResponse response;
  try {
    response = http::send_http(request);
  } catch (const http::HttpFailure& failure) {
    throw Error(ErrorKind::credentials,
                fmt::format("cannot get credentials from {} ({})", source, failure.what()),
                std::nullopt,
                failure.cause() == http::HttpFailure::Cause::tls
                    ? "set AWS_CA_BUNDLE to the CA bundle that signs the endpoint's certificate"
                    : "check AWS_CONTAINER_CREDENTIALS_*_URI; outside ECS/EKS unset it");
  }
  if (response.status == 401 || response.status == 403) {
    throw Error(
        ErrorKind::credentials,
        fmt::format("{} refused the authorization token (HTTP {})", source, response.status),
        std::nullopt,
        token.empty() ? "set AWS_CONTAINER_AUTHORIZATION_TOKEN or _TOKEN_FILE"
                      : "check AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE): the token is "
                        "not the one the agent expects");
  }
  if (response.status != 200) {
    throw Error(ErrorKind::credentials, fmt::format("{} answered HTTP {}", source, response.status),
                std::nullopt, "check that the task or pod has a role attached");
  }
  return parse_credentials_document(response.body, source);
}

}  // namespace retort::aws
