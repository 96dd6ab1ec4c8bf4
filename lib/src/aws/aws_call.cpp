#include "aws/aws_call.hpp"

#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "aws/sigv4.hpp"
#include "http/http_client.hpp"

namespace retort::aws {
namespace {

// "https://host:port/path" -> "host:port" (what the Host header holds).
std::string endpoint_host(std::string_view url) {
  auto start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  auto end = url.find('/', start);
  std::string host(
      url.substr(start, end == std::string_view::npos ? url.size() - start : end - start));
  // curl leaves the scheme's default port out of the Host header it sends.
  const std::string_view default_port = url.starts_with("https://") ? ":443" : ":80";
  if (host.ends_with(default_port)) host.erase(host.size() - default_port.size());
  return host;
}

std::string after_prefix(std::string text) {
  auto cut = text.find_last_of('#');
  if (cut != std::string::npos) text.erase(0, cut + 1);
  cut = text.find(':');
  if (cut != std::string::npos) text.erase(cut);
  return text;
}

bool retryable(long status, const std::string& code) {
  return status >= 500 || code == "ThrottlingException" || code == "Throttling" ||
         code == "TooManyRequestsException" || code == "RequestLimitExceeded";
}

std::string transport_code(http::HttpFailure::Cause cause) {
  switch (cause) {
    case http::HttpFailure::Cause::unreachable:
      return "unreachable";
    case http::HttpFailure::Cause::timeout:
      return "timeout";
    case http::HttpFailure::Cause::tls:
      return "tls";
    case http::HttpFailure::Cause::other:
      break;
  }
  return "unreachable";
}

}  // namespace

std::string json_error_code(std::string_view body, std::string_view error_type_header) {
  const auto document = nlohmann::json::parse(body, nullptr, false);
  if (document.is_object()) {
    for (const char* key : {"__type", "code", "Code"}) {
      auto found = document.find(key);
      if (found != document.end() && found->is_string()) {
        return after_prefix(found->get<std::string>());
      }
    }
  }
  return after_prefix(std::string(error_type_header));
}

std::string json_error_message(std::string_view body) {
  const auto document = nlohmann::json::parse(body, nullptr, false);
  if (!document.is_object()) return {};
  for (const char* key : {"message", "Message"}) {
    auto found = document.find(key);
    if (found != document.end() && found->is_string()) return found->get<std::string>();
  }
  return {};
}

std::string call_json_api(const AwsSettings& settings, const Credentials& credentials,
                          const AwsCall& call) {
  const std::string endpoint = settings.endpoint(call.service, call.region);
  const std::string host = endpoint_host(endpoint);
  SignableRequest signable;
  signable.method = "POST";
  signable.host = host;
  signable.path = "/";
  signable.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                      {"X-Amz-Target", call.target}};
  signable.body = call.body;

  for (int attempt = 1;; ++attempt) {
    const SigningScope scope{call.region, std::string(call.service.signing_name),
                             std::chrono::system_clock::now()};
    const HeaderSignature signature = sign_headers(signable, credentials, scope);
    http::HttpRequest request;
    request.method = "POST";
    request.url = endpoint + "/";
    request.headers = signable.headers;
    for (const auto& header : signature.headers) request.headers.push_back(header);
    request.body = call.body;
    request.connect_timeout_s = settings.within_deadline(3);
    request.timeout_s = settings.within_deadline(10);
    request.use_proxy = true;  // HTTPS_PROXY applies to AWS endpoints, as in the SDKs
    request.ca_bundle = settings.ca_bundle();
    std::string code;
    std::string message;
    long status = 0;
    try {
      const http::HttpResponse response = http::send_http(request);
      status = response.status;
      if (status >= 200 && status < 300) return response.body;
      code = json_error_code(response.body, response.header("x-amzn-errortype"));
      message = json_error_message(response.body);
      if (code.empty()) code = fmt::format("HTTP {}", status);
    } catch (const http::HttpFailure& failure) {
      code = transport_code(failure.cause());
      // "POST https://...: Couldn't connect to server": the endpoint is named apart.
      message = failure.what();
      const auto cut = message.rfind(": ");
      if (cut != std::string::npos) message.erase(0, cut + 2);
    }
    const bool again = status == 0 ? code != "tls" : retryable(status, code);
    const double pause_s = 0.2 * attempt;
    if (!again || attempt == 3 || settings.within_deadline(pause_s + 0.5) < pause_s + 0.5) {
      throw AwsCallFailure(code, message, status, endpoint);
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(pause_s));
  }
}

}  // namespace retort::aws
