// A small blocking HTTP/1.1 client over libcurl, for the Lambda Runtime API,
// CloudFormation's ResponseURL and the AWS endpoints of lib/src/aws/. libcurl
// appears only in this folder.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace retort::http {

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT
  std::string url;             // http:// or https://
  // Sent as given. A header with an empty value ("Content-Type", "") is sent
  // present but empty, as CloudFormation's pre-signed URLs require.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent with an explicit Content-Length when non-empty or not GET
  double connect_timeout_s = 1;
  double timeout_s = 0;    // total; 0 = none (the Runtime API's /next is a long poll)
  bool use_proxy = false;  // honour http(s)_proxy; never for the Runtime API
  // https://: the PEM file of the CAs to trust instead of the system's
  // (AWS_CA_BUNDLE); empty: the system's. Peers are always verified.
  std::string ca_bundle;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  // The header's value, or "" when absent; `name` in lower case.
  std::string header(const std::string& name) const;
};

// No HTTP response arrived: connection refused, timeout, TLS failure.
class HttpFailure : public std::runtime_error {
 public:
  enum class Cause {
    unreachable,  // name not resolved, connection refused or reset
    timeout,      // no connection or no complete answer in time
    tls,          // the peer's certificate is not trusted, or TLS failed
    other,
  };
  explicit HttpFailure(const std::string& message, Cause cause = Cause::other)
      : std::runtime_error(message), m_cause(cause) {}
  Cause cause() const { return m_cause; }

 private:
  Cause m_cause;
};

// Sends one request and returns the response, whatever its status. Throws
// HttpFailure when no response arrived.
HttpResponse send_http(const HttpRequest& request);

}  // namespace retort::http
