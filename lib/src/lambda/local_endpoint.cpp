// The local invoke endpoint: what the AWS Runtime Interface Emulator serves
// on port 8080, so `docker run -p 9000:8080 IMAGE` + curl works without it.
#include <fmt/format.h>

#include <atomic>
#include <chrono>

#include "lambda/http_server.hpp"
#include "retort/lambda/runtime.hpp"

namespace retort::lambda {
namespace {

bool is_invocation_path(const std::string& target) {
  // /2015-03-31/functions/<name>/invocations, with any function name.
  const std::string prefix = "/2015-03-31/functions/";
  const std::string suffix = "/invocations";
  std::string path = target.substr(0, target.find('?'));
  return path.size() > prefix.size() + suffix.size() && path.starts_with(prefix) &&
         path.ends_with(suffix);
}

ServerResponse json_response(int status, std::string body) {
  return ServerResponse{status, {{"Content-Type", "application/json"}}, std::move(body)};
}

}  // namespace

void serve_local_endpoint(const LocalEndpointOptions& options, InvocationHandler& handler,
                          Reporter& log) {
  HttpServer server(options.host, options.port);
  log.progress(fmt::format(
      "Serving Lambda invocations on http://{}:{}/2015-03-31/functions/function/invocations",
      options.host, server.port()));
  if (options.on_listening) options.on_listening(server.port());
  std::atomic<long> sequence{0};
  server.serve(
      [&](const ServerRequest& request) {
        if (!is_invocation_path(request.target)) {
          return json_response(404,
                               R"({"message":"POST /2015-03-31/functions/function/invocations"})");
        }
        if (request.method != "POST") {
          return json_response(405, R"({"message":"use POST"})");
        }
        InvocationContext context;
        context.request_id = fmt::format("local-{}", ++sequence);
        context.deadline =
            std::chrono::system_clock::now() +
            std::chrono::milliseconds(static_cast<long>(options.function_timeout_s * 1000));
        log.progress(fmt::format("START RequestId: {}", context.request_id));
        InvocationResponse response = handler.handle(request.body, context);
        log.progress(fmt::format("END RequestId: {} {}", context.request_id,
                                 response.ok ? "ok" : response.error_type));
        ServerResponse answer = json_response(200, response.body);
        if (!response.ok) answer.headers.emplace_back("X-Amz-Function-Error", "Unhandled");
        return answer;
      },
      options.should_stop);
}

}  // namespace retort::lambda
