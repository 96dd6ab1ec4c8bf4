// Where invocations come from: the Lambda Runtime API (on AWS), or the local
// invoke endpoint the AWS emulator offers (docker run -p 9000:8080 + curl).
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "retort/error.hpp"
#include "retort/lambda/invocation.hpp"
#include "retort/reporter.hpp"

namespace retort::lambda {

// Runs the Runtime API loop against `api` (AWS_LAMBDA_RUNTIME_API, "host:port"):
// next invocation -> handler -> /response or /error, until the Runtime API
// itself fails (an HTTP 5xx, or 3 connection failures in a row), which is
// thrown as Error(ErrorKind::io). A failed command is never a reason to stop.
void run_runtime_loop(const std::string& api, InvocationHandler& handler, Reporter& log);

// Reports a failed initialisation (e.g. an unreadable config) to
// /runtime/init/error. Never throws; a failed report is logged.
void report_init_error(const std::string& api, const Error& error, Reporter& log);

// "HOST:PORT", ":PORT" or "PORT" -> {host, port}; host defaults to 0.0.0.0.
// Throws Error(ErrorKind::usage) for anything else.
std::pair<std::string, int> parse_listen_address(const std::string& text);

struct LocalEndpointOptions {
  std::string host = "0.0.0.0";
  int port = 8080;
  // Each invocation's deadline, as AWS_LAMBDA_FUNCTION_TIMEOUT sets it for
  // the emulator (default 300 s).
  double function_timeout_s = 300;
  // Polled a few times a second; true stops serving (SIGTERM). May be empty.
  std::function<bool()> should_stop;
  // Called once listening, with the port (useful with port 0). May be empty.
  std::function<void(int port)> on_listening;
};

// Serves POST /2015-03-31/functions/<name>/invocations: each body is a
// payload; the answer is 200 with the summary, or 200 with the error body and
// `X-Amz-Function-Error: Unhandled`. Invocations run one at a time. Returns
// when should_stop() is true; throws Error(ErrorKind::io) when it cannot listen.
void serve_local_endpoint(const LocalEndpointOptions& options, InvocationHandler& handler,
                          Reporter& log);

}  // namespace retort::lambda
