#include "lambda/fake_aws.hpp"

#include <fmt/format.h>

namespace retort::testing {

FakeServer::FakeServer(lambda::RequestHandler handler) : m_server("127.0.0.1", 0) {
  m_thread = std::thread([this, handler = std::move(handler)] {
    m_server.serve([&](const lambda::ServerRequest& request) {
      {
        std::lock_guard lock(m_mutex);
        m_requests.push_back(
            RecordedRequest{request.method, request.target, request.headers, request.body});
      }
      return handler(request);
    });
  });
}

FakeServer::~FakeServer() {
  m_server.stop();
  m_thread.join();
}

std::vector<RecordedRequest> FakeServer::requests() const {
  std::lock_guard lock(m_mutex);
  return m_requests;
}

FakeRuntimeApi::FakeRuntimeApi()
    : m_server([this](const lambda::ServerRequest& request) { return handle(request); }) {}

std::string FakeRuntimeApi::add_event(std::string body,
                                      std::optional<std::chrono::milliseconds> deadline_in) {
  std::lock_guard lock(m_mutex);
  std::string id = fmt::format("req-{}", ++m_counter);
  m_events.emplace_back(id, std::move(body));
  m_deadlines[id] = deadline_in;
  return id;
}

lambda::ServerResponse FakeRuntimeApi::handle(const lambda::ServerRequest& request) {
  std::lock_guard lock(m_mutex);
  if (request.target == "/2018-06-01/runtime/invocation/next") {
    if (m_fail_next || m_events.empty()) return {500, {}, R"({"errorMessage":"no more events"})"};
    auto [id, body] = m_events.front();
    m_events.pop_front();
    lambda::ServerResponse response{200, {{"Lambda-Runtime-Aws-Request-Id", id}}, body};
    response.headers.emplace_back("Lambda-Runtime-Invoked-Function-Arn",
                                  "arn:aws:lambda:eu-west-1:123456789012:function:migrate");
    if (auto in = m_deadlines[id]) {
      auto deadline = std::chrono::system_clock::now() + *in;
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline.time_since_epoch());
      response.headers.emplace_back("Lambda-Runtime-Deadline-Ms", std::to_string(ms.count()));
    }
    return response;
  }
  return {202, {}, R"({"status":"OK"})"};
}

std::vector<RecordedRequest> FakeRuntimeApi::results() const {
  std::vector<RecordedRequest> results;
  for (auto& request : m_server.requests()) {
    if (request.method == "POST") results.push_back(request);
  }
  return results;
}

FakeResponseUrl::FakeResponseUrl(int failures)
    : m_failures(failures), m_server([this](const lambda::ServerRequest&) {
        std::lock_guard lock(m_mutex);
        if (m_seen++ < m_failures) return lambda::ServerResponse{500, {}, "try again"};
        return lambda::ServerResponse{200, {}, ""};
      }) {}

}  // namespace retort::testing
