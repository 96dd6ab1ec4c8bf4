#include "lambda/http_server.hpp"
#include "http/header_text.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>

#include "retort/display_text.hpp"
#include "retort/error.hpp"
#include "retort/lambda/runtime.hpp"

namespace retort::lambda {
namespace {

constexpr std::size_t k_max_head = 64 * 1024;
constexpr std::size_t k_max_body = 16 * 1024 * 1024;

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 500:
      return "Internal Server Error";
    default:
      return "Status";
  }
}

bool send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

void send_response(int fd, const ServerResponse& response) {
  std::string head = fmt::format("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
  for (const auto& [name, value] : response.headers) head += fmt::format("{}: {}\r\n", name, value);
  head += fmt::format("Content-Length: {}\r\nConnection: close\r\n\r\n", response.body.size());
  if (send_all(fd, head)) send_all(fd, response.body);
}

ServerResponse plain(int status, std::string body) {
  return ServerResponse{status, {{"Content-Type", "text/plain"}}, std::move(body) + "\n"};
}

// Reads one request; nullopt after answering a malformed one itself.
std::optional<ServerRequest> read_request(int fd) {
  std::string data;
  char buffer[8192];
  std::size_t head_end;
  while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
    if (data.size() > k_max_head)
      return send_response(fd, plain(400, "headers too large")), std::nullopt;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;  // closed or timed out before a full head
    data.append(buffer, static_cast<std::size_t>(n));
  }
  ServerRequest request;
  std::size_t line_end = data.find("\r\n");
  std::string request_line = data.substr(0, line_end);
  auto first_space = request_line.find(' ');
  auto second_space = request_line.find(' ', first_space + 1);
  if (first_space == std::string::npos || second_space == std::string::npos) {
    send_response(fd, plain(400, "malformed request line"));
    return std::nullopt;
  }
  request.method = request_line.substr(0, first_space);
  request.target = request_line.substr(first_space + 1, second_space - first_space - 1);
  std::size_t pos = line_end + 2;
  while (pos < head_end) {
    std::size_t end = data.find("\r\n", pos);
    std::string line = data.substr(pos, end - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      request.headers[http::header_name(line.substr(0, colon))] =
          http::header_value(line.substr(colon + 1));
    }
    pos = end + 2;
  }
  std::size_t length = 0;
  if (auto found = request.headers.find("content-length"); found != request.headers.end()) {
    try {
      length = std::stoul(found->second);
    } catch (const std::exception&) {
      send_response(fd, plain(400, "bad Content-Length"));
      return std::nullopt;
    }
  } else if (request.headers.count("transfer-encoding")) {
    send_response(fd, plain(411, "send the body with a Content-Length"));
    return std::nullopt;
  }
  if (length > k_max_body) {
    send_response(fd, plain(413, "the body is over 16 MB"));
    return std::nullopt;
  }
  request.body = data.substr(head_end + 4);
  while (request.body.size() < length) {
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    request.body.append(buffer, static_cast<std::size_t>(n));
  }
  request.body.resize(length);
  return request;
}

}  // namespace

HttpServer::HttpServer(const std::string& host, int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    throw Error(ErrorKind::usage, fmt::format("{} is not an IPv4 address", text::quote(host)),
                std::nullopt, "listen on 0.0.0.0 (all interfaces) or 127.0.0.1");
  }
  m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int on = 1;
  ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(m_fd, 16) != 0) {
    std::string why = std::strerror(errno);
    if (m_fd >= 0) ::close(m_fd);
    throw Error(ErrorKind::io, fmt::format("cannot listen on {}:{}: {}", host, port, why),
                std::nullopt, "choose another address with --listen HOST:PORT");
  }
  socklen_t size = sizeof address;
  ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &size);
  m_port = ntohs(address.sin_port);
}

HttpServer::~HttpServer() {
  if (m_fd >= 0) ::close(m_fd);
}

void HttpServer::serve(const RequestHandler& handler, const std::function<bool()>& should_stop) {
  while (!m_stop && !(should_stop && should_stop())) {
    pollfd ready{m_fd, POLLIN, 0};
    if (::poll(&ready, 1, 200) <= 0) continue;
    int client = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    timeval timeout{30, 0};  // a client that stops sending does not block the server
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    answer(client, handler);
    ::close(client);
  }
}

void HttpServer::answer(int client, const RequestHandler& handler) {
  auto request = read_request(client);
  if (!request) return;
  ServerResponse response;
  try {
    response = handler(*request);
  } catch (const std::exception& error) {
    response = plain(500, error.what());
  }
  send_response(client, response);
}

std::pair<std::string, int> parse_listen_address(const std::string& text) {
  auto colon = text.rfind(':');
  std::string host = colon == std::string::npos ? std::string() : text.substr(0, colon);
  std::string port = colon == std::string::npos ? text : text.substr(colon + 1);
  bool digits =
      !port.empty() && port.size() <= 5 &&
      std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); });
  if (!digits || std::stoi(port) > 65535) {
    throw Error(ErrorKind::usage, fmt::format("--listen {} is not HOST:PORT", text::quote(text)),
                std::nullopt, "for example --listen 0.0.0.0:8080 or --listen 9000");
  }
  return {host.empty() ? std::string("0.0.0.0") : host, std::stoi(port)};
}

}  // namespace retort::lambda
