// The Lambda Runtime API client loop (docs/lambda.md "Runtime API").
#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "http/http_client.hpp"
#include "retort/lambda/runtime.hpp"

namespace retort::lambda {

using http::HttpFailure;
using http::HttpRequest;
using http::HttpResponse;
using http::send_http;
namespace {

constexpr int k_connection_attempts = 3;

std::string base_url(const std::string& api) {
  return fmt::format("http://{}/2018-06-01/runtime", api);
}

// Sends a request, retrying connection failures; throws Error(io) when the
// Runtime API cannot be reached.
HttpResponse call_runtime_api(HttpRequest request) {
  for (int attempt = 1;; ++attempt) {
    try {
      return send_http(request);
    } catch (const HttpFailure& failure) {
      if (attempt == k_connection_attempts) {
        throw Error(ErrorKind::io,
                    fmt::format("the Lambda Runtime API does not answer: {}", failure.what()));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
    }
  }
}

HttpRequest post(std::string url, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.url = std::move(url);
  request.body = std::move(body);
  request.headers = {{"Content-Type", "application/json"}};
  request.timeout_s = 30;
  return request;
}

void expect_accepted(const HttpResponse& response, const std::string& what) {
  if (response.status >= 500) {
    throw Error(ErrorKind::io, fmt::format("the Lambda Runtime API answered {} to {}: {}",
                                           response.status, what, response.body));
  }
}

std::optional<std::chrono::system_clock::time_point> deadline_from(const std::string& header) {
  try {
    if (header.empty()) return std::nullopt;
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(std::stoll(header)));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

void run_runtime_loop(const std::string& api, InvocationHandler& handler, Reporter& log) {
  const std::string base = base_url(api);
  while (true) {
    HttpRequest next;
    next.url = base + "/invocation/next";  // a long poll: no total timeout
    HttpResponse event = call_runtime_api(next);
    expect_accepted(event, "/invocation/next");
    const std::string request_id = event.header("lambda-runtime-aws-request-id");
    if (event.status != 200 || request_id.empty()) {
      throw Error(ErrorKind::io,
                  fmt::format("unexpected answer from /invocation/next: HTTP {}{}", event.status,
                              request_id.empty() ? ", no request id" : ""));
    }
    InvocationContext context{request_id,
                              deadline_from(event.header("lambda-runtime-deadline-ms"))};
    log.progress(fmt::format("START RequestId: {}", request_id));
    InvocationResponse response = handler.handle(event.body, context);
    const std::string url =
        fmt::format("{}/invocation/{}/{}", base, request_id, response.ok ? "response" : "error");
    HttpRequest answer = post(url, response.body);
    if (!response.ok)
      answer.headers.emplace_back("Lambda-Runtime-Function-Error-Type", response.error_type);
    HttpResponse posted = call_runtime_api(answer);
    if (posted.status == 413) {
      // Too large for Lambda: say so as the invocation's error instead.
      Error too_large(ErrorKind::io, "the response is larger than Lambda accepts");
      HttpRequest fallback =
          post(fmt::format("{}/invocation/{}/error", base, request_id), error_body(too_large));
      fallback.headers.emplace_back("Lambda-Runtime-Function-Error-Type",
                                    error_type(too_large.kind()));
      posted = call_runtime_api(fallback);
    }
    expect_accepted(posted, url);
    if (posted.status != 202) {
      log.warning(fmt::format("the Runtime API answered {} to the result of {}: {}", posted.status,
                              request_id, posted.body));
    }
    log.progress(
        fmt::format("END RequestId: {} {}", request_id, response.ok ? "ok" : response.error_type));
  }
}

void report_init_error(const std::string& api, const Error& error, Reporter& log) {
  HttpRequest request = post(base_url(api) + "/init/error", error_body(error));
  request.headers.emplace_back("Lambda-Runtime-Function-Error-Type", error_type(error.kind()));
  try {
    auto response = call_runtime_api(request);
    if (response.status != 202) {
      log.warning(fmt::format("/init/error answered HTTP {}", response.status));
    }
  } catch (const Error& failed) {
    log.warning(failed.what());
  }
}

}  // namespace retort::lambda
