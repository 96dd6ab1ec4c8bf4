// In-process stand-ins for the AWS endpoints retort talks to in Lambda: the
// Runtime API (events in, results out) and CloudFormation's ResponseURL.
// Each serves on 127.0.0.1 from its own thread and records every request.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "lambda/http_server.hpp"

namespace retort::testing {

// A recorded request; json() parses its body (throws if it is not JSON).
struct RecordedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  bool has_header(const std::string& name) const { return headers.count(name) != 0; }
  std::string header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

// Serves `handler` on a thread and records each request before answering.
class FakeServer {
 public:
  explicit FakeServer(lambda::RequestHandler handler);
  ~FakeServer();
  int port() const { return m_server.port(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port()); }
  std::vector<RecordedRequest> requests() const;

 private:
  mutable std::mutex m_mutex;
  std::vector<RecordedRequest> m_requests;
  lambda::HttpServer m_server;
  std::thread m_thread;
};

// The Lambda Runtime API: hands out queued events on /invocation/next and
// answers 500 once they are used up, which ends retort's loop.
class FakeRuntimeApi {
 public:
  FakeRuntimeApi();
  std::string address() const { return m_server.address(); }

  // Queues an event; `deadline_in` sets Lambda-Runtime-Deadline-Ms that far
  // from when it is handed out. Returns its request id ("req-1", ...).
  std::string add_event(std::string body,
                        std::optional<std::chrono::milliseconds> deadline_in = std::nullopt);
  // Answer /invocation/next with 500 from the start (a broken Runtime API).
  void fail_next() { m_fail_next = true; }

  // The results retort posted (/response, /error, /init/error), in order.
  std::vector<RecordedRequest> results() const;

 private:
  lambda::ServerResponse handle(const lambda::ServerRequest& request);

  std::mutex m_mutex;
  std::deque<std::pair<std::string, std::string>> m_events;  // id, body
  std::map<std::string, std::optional<std::chrono::milliseconds>> m_deadlines;
  int m_counter = 0;
  bool m_fail_next = false;
  FakeServer m_server;
};

// CloudFormation's pre-signed ResponseURL: accepts PUTs, answering 500 to
// the first `failures` of them.
class FakeResponseUrl {
 public:
  explicit FakeResponseUrl(int failures = 0);
  std::string url() const {
    return "http://" + m_server.address() + "/cfn-response?X-Amz-Signature=secret";
  }
  std::vector<RecordedRequest> puts() const { return m_server.requests(); }

 private:
  int m_failures;
  std::mutex m_mutex;
  int m_seen = 0;
  FakeServer m_server;
};

}  // namespace retort::testing
