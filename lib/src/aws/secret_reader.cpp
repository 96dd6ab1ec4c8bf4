#include "aws/secret_reader.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aws/aws_call.hpp"
#include "aws/aws_errors.hpp"
#include "aws/sigv4.hpp"
#include "http/http_client.hpp"
#include "retort/display_text.hpp"
#include "retort/error.hpp"
#include "retort/redact.hpp"

namespace retort::aws {
namespace {

// The string field `key` of a JSON object text, or nullopt.
std::optional<std::string> json_string_field(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

Error malformed_answer(const std::string& what, const std::string& from) {
  return Error(ErrorKind::credentials,
               fmt::format("{} answered for {} without the expected value", from, what),
               std::nullopt, "check the endpoint override (AWS_ENDPOINT_URL_*)");
}

std::string secret_from_answer(const std::string& body, const std::string& what,
                               const std::string& from) {
  const auto answer = nlohmann::json::parse(body, nullptr, false);
  if (auto value = json_string_field(answer, "SecretString")) {
    register_secret(*value);
    return *value;
  }
  if (json_string_field(answer, "SecretBinary")) {
    throw Error(ErrorKind::credentials, fmt::format("{} is a binary secret", what), std::nullopt,
                "store the password (or the RDS JSON document) as the secret's string value");
  }
  throw malformed_answer(what, from);
}

std::string parameter_from_answer(const std::string& body, const std::string& what,
                                  const std::string& from) {
  const auto answer = nlohmann::json::parse(body, nullptr, false);
  if (answer.is_object() && answer.contains("Parameter")) {
    if (auto value = json_string_field(answer["Parameter"], "Value")) {
      register_secret(*value);
      return *value;
    }
  }
  throw malformed_answer(what, from);
}

}  // namespace

std::string arn_region(const std::string& id) {
  if (!id.starts_with("arn:")) return {};
  // arn:partition:service:region:account:resource
  std::size_t start = 0;
  for (int field = 0; field < 3; ++field) {
    start = id.find(':', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  const auto end = id.find(':', start);
  return end == std::string::npos ? std::string() : id.substr(start, end - start);
}

SecretReader::SecretReader(const AwsSettings& settings, std::function<Credentials()> credentials)
    : m_settings(settings), m_resolve(std::move(credentials)) {}

const Credentials& SecretReader::credentials() {
  if (!m_credentials) m_credentials = m_resolve();
  return *m_credentials;
}

std::optional<std::string> SecretReader::from_extension(const std::string& path,
                                                        const std::string& what,
                                                        const std::string& config_key,
                                                        const std::string& action) {
  const Environment& environment = m_settings.environment();
  if (m_extension_present == false || !m_settings.secrets_extension() ||
      environment_value(environment, "AWS_LAMBDA_FUNCTION_NAME").empty()) {
    return std::nullopt;
  }
  const std::string token = environment_value(environment, "AWS_SESSION_TOKEN");
  std::string port = environment_value(environment, "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT");
  if (port.empty()) port = "2773";
  http::HttpRequest request;
  request.url = fmt::format("http://localhost:{}{}", port, path);
  request.headers = {{"X-Aws-Parameters-Secrets-Token", token}};
  request.connect_timeout_s = m_settings.within_deadline(0.2);  // on localhost: there, or not
  request.timeout_s = m_settings.within_deadline(10);
  http::HttpResponse response;
  try {
    response = http::send_http(request);
  } catch (const http::HttpFailure& failure) {
    if (failure.cause() == http::HttpFailure::Cause::unreachable) {
      m_extension_present = false;  // no extension layer: ask the service
      return std::nullopt;
    }
    throw read_error(
        AwsCallFailure(
            failure.cause() == http::HttpFailure::Cause::timeout ? "timeout" : "unreachable",
            failure.what(), 0, "the Parameters and Secrets extension"),
        FailedRead{what, config_key, m_settings.region(), action, "the function's role"});
  }
  m_extension_present = true;
  m_last_route = "the Parameters and Secrets extension";
  if (response.status == 200) return response.body;
  std::string code = json_error_code(response.body, response.header("x-amzn-errortype"));
  if (code.empty()) {
    // The extension answers some errors in plain text ("... not found").
    const std::string text = response.body;
    code = text.find("ResourceNotFound") != std::string::npos ||
                   text.find("ParameterNotFound") != std::string::npos
               ? "ResourceNotFoundException"
           : text.find("AccessDenied") != std::string::npos
               ? "AccessDeniedException"
               : fmt::format("HTTP {}", response.status);
  }
  throw read_error(
      AwsCallFailure(code, json_error_message(response.body), response.status,
                     "the Parameters and Secrets extension"),
      FailedRead{what, config_key, m_settings.region(), action, "the function's role"});
}

std::string SecretReader::secret_string(const std::string& secret_id,
                                        const std::string& config_key) {
  const std::string what = fmt::format("Secrets Manager secret {}", text::quote(secret_id));
  const std::string action = "secretsmanager:GetSecretValue";
  if (auto body = from_extension("/secretsmanager/get?secretId=" + uri_encode(secret_id), what,
                                 config_key, action)) {
    return secret_from_answer(*body, what, m_last_route);
  }
  std::string region = arn_region(secret_id);
  if (region.empty()) region = m_settings.require_region("reading a Secrets Manager secret");
  const Credentials& keys = credentials();
  nlohmann::json request{{"SecretId", secret_id}};
  try {
    const std::string body = call_json_api(
        m_settings, keys,
        AwsCall{k_secrets_manager, region, "secretsmanager.GetSecretValue", request.dump()});
    m_last_route =
        fmt::format("Secrets Manager at {}", m_settings.endpoint(k_secrets_manager, region));
    return secret_from_answer(body, what, "Secrets Manager");
  } catch (const AwsCallFailure& failure) {
    throw read_error(failure, FailedRead{what, config_key, region, action, keys.source});
  }
}

std::string SecretReader::parameter_value(const std::string& name) {
  const std::string what = fmt::format("SSM parameter {}", text::quote(name));
  const std::string action = "ssm:GetParameter";
  if (auto body = from_extension(
          "/systemsmanager/parameters/get?name=" + uri_encode(name) + "&withDecryption=true", what,
          "password_parameter", action)) {
    return parameter_from_answer(*body, what, m_last_route);
  }
  std::string region = arn_region(name);
  if (region.empty()) region = m_settings.require_region("reading an SSM parameter");
  const Credentials& keys = credentials();
  nlohmann::json request{{"Name", name}, {"WithDecryption", true}};
  try {
    const std::string body = call_json_api(
        m_settings, keys, AwsCall{k_ssm, region, "AmazonSSM.GetParameter", request.dump()});
    m_last_route = fmt::format("SSM at {}", m_settings.endpoint(k_ssm, region));
    return parameter_from_answer(body, what, "SSM");
  } catch (const AwsCallFailure& failure) {
    throw read_error(failure, FailedRead{what, "password_parameter", region, action, keys.source});
  }
}

}  // namespace retort::aws
