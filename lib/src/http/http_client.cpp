#include "http/http_client.hpp"
#include "http/curl_library.hpp"
#include "http/header_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace retort::http {
namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  std::string line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
    headers[header_name(line.substr(0, colon))] = header_value(line.substr(colon + 1));
  }
  return size * count;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_library().easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_library().slist_free_all(list); }
};

HttpFailure::Cause failure_cause(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      return HttpFailure::Cause::unreachable;
    case CURLE_OPERATION_TIMEDOUT:
      return HttpFailure::Cause::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return HttpFailure::Cause::tls;
    default:
      return HttpFailure::Cause::other;
  }
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

HttpResponse send_http(const HttpRequest& request) {
  const CurlLibrary& api = curl_library();
  std::unique_ptr<CURL, CurlDeleter> curl(api.easy_init());
  if (!curl) throw HttpFailure("cannot initialise libcurl");
  CURL* handle = curl.get();
  HttpResponse response;

  std::unique_ptr<curl_slist, ListDeleter> headers;
  auto add_header = [&](const std::string& line) {
    headers.reset(api.slist_append(headers.release(), line.c_str()));
  };
  for (const auto& [name, value] : request.headers) {
    // curl drops "Name:" but sends "Name;" as a present, empty header.
    add_header(value.empty() ? name + ";" : name + ": " + value);
  }
  add_header("Expect:");  // no 100-continue round trip

  api.easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  api.easy_setopt(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  api.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  api.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                  static_cast<long>(request.connect_timeout_s * 1000));
  api.easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_s * 1000));
  if (!request.use_proxy) api.easy_setopt(handle, CURLOPT_NOPROXY, "*");
  if (!request.ca_bundle.empty())
    api.easy_setopt(handle, CURLOPT_CAINFO, request.ca_bundle.c_str());
  if (request.method == "GET") {
    api.easy_setopt(handle, CURLOPT_HTTPGET, 1L);
  } else {
    if (request.method != "POST") {
      api.easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    api.easy_setopt(handle, CURLOPT_POST, 1L);
    api.easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
    api.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                    static_cast<curl_off_t>(request.body.size()));
  }
  api.easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  api.easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  api.easy_setopt(handle, CURLOPT_WRITEDATA, &response.body);
  api.easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  api.easy_setopt(handle, CURLOPT_HEADERDATA, &response.headers);

  CURLcode code = api.easy_perform(handle);
  if (code != CURLE_OK) {
    // Without the query: a pre-signed URL's signature is a credential.
    throw HttpFailure(
        fmt::format("{} {}: {}", request.method, request.url.substr(0, request.url.find('?')),
                    api.easy_strerror(code)),
        failure_cause(code));
  }
  api.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace retort::http
