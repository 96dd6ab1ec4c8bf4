// One signed call to an AWS JSON 1.1 API (Secrets Manager, SSM): POST / with
// X-Amz-Target, signed with SigV4 header signing (aws/sigv4.hpp), over the
// HTTP client of lib/src/http/. Failures become one AwsCallFailure that the
// callers turn into messages naming what to fix (aws/aws_errors.hpp).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "aws/aws_settings.hpp"
#include "aws/credentials.hpp"

namespace retort::aws {

struct AwsCall {
  const Service& service;
  std::string region;
  std::string target;  // X-Amz-Target: "secretsmanager.GetSecretValue"
  std::string body;    // the JSON request
};

// Why a call failed. `code` is the AWS error code ("ResourceNotFoundException",
// "AccessDeniedException", ...) or, when no answer came, "unreachable",
// "timeout" or "tls"; `message` is AWS's message or the transport's (never
// holding a credential); `status` the HTTP status (0: no answer).
class AwsCallFailure : public std::runtime_error {
 public:
  AwsCallFailure(std::string code, std::string message, long status, std::string endpoint)
      : std::runtime_error(code + ": " + message),
        m_code(std::move(code)),
        m_message(std::move(message)),
        m_status(status),
        m_endpoint(std::move(endpoint)) {}
  const std::string& code() const { return m_code; }
  const std::string& message() const { return m_message; }
  long status() const { return m_status; }
  const std::string& endpoint() const { return m_endpoint; }

 private:
  std::string m_code, m_message;
  long m_status;
  std::string m_endpoint;
};

// Sends the call and returns the response body (JSON) of a 2xx answer.
// Retries twice, 200 ms then 400 ms apart, when no answer came or the
// service answered 5xx or throttled. Throws AwsCallFailure.
std::string call_json_api(const AwsSettings& settings, const Credentials& credentials,
                          const AwsCall& call);

// The error code of an AWS JSON error answer: the `__type` (or `code`)
// field after any '#' or ':' prefix, else the X-Amzn-ErrorType header's.
// Empty when neither is there.
std::string json_error_code(std::string_view body, std::string_view error_type_header);
// The `message` (or `Message`) field of a JSON error answer, else "".
std::string json_error_message(std::string_view body);

}  // namespace retort::aws
