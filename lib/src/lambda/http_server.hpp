// A minimal HTTP/1.1 server for the local invoke endpoint (and the tests'
// fake AWS endpoints): one request per connection, served one at a time,
// bodies sized by Content-Length. Plain POSIX sockets; no TLS.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace retort::lambda {

struct ServerRequest {
  std::string method;
  std::string target;                          // the path and query, as sent
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

struct ServerResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Length is added
  std::string body;
};

using RequestHandler = std::function<ServerResponse(const ServerRequest&)>;

class HttpServer {
 public:
  // Listens on host:port ("0.0.0.0", "127.0.0.1"; port 0 picks a free port).
  // Throws Error(ErrorKind::io) naming the address when it cannot.
  HttpServer(const std::string& host, int port);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return m_port; }

  // Accepts and answers requests, one at a time, until stop() is called or
  // `should_stop` (checked every 200 ms; may be empty) returns true. A
  // request that cannot be parsed is answered 400 without calling `handler`;
  // a body over 16 MB 413; a body without Content-Length 411.
  void serve(const RequestHandler& handler, const std::function<bool()>& should_stop = {});
  // Makes serve() return; safe from any thread.
  void stop() { m_stop = true; }

 private:
  void answer(int client, const RequestHandler& handler);

  int m_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
};

}  // namespace retort::lambda
