// A private PostgreSQL cluster for one test (scripts/pg-scratch), which the
// test may stop, start again or reconfigure without disturbing the shared
// server of pg_server.hpp. Removed with its data when the object dies.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace retort::testing {

class ScratchCluster {
 public:
  // Starts one. Returns nullptr, with the reason in `error`, when it cannot.
  static std::unique_ptr<ScratchCluster> start(std::string& error);
  ~ScratchCluster();
  ScratchCluster(const ScratchCluster&) = delete;
  ScratchCluster& operator=(const ScratchCluster&) = delete;

  // The postgres database over the socket, as the trusted superuser retort.
  const std::string& url() const { return m_url; }
  // `database` over TCP on 127.0.0.1 as `user` with `password`.
  std::string tcp_url(std::string_view user, std::string_view password,
                      std::string_view database = "postgres") const;

  // pg_ctl stop -m <mode>; with wait = false it returns at once (a smart
  // shutdown then waits for the sessions that are still open). True on success.
  bool stop(std::string_view mode, bool wait = true);
  // pg_ctl start on the same port, waiting until it accepts connections.
  bool start_again();
  // Replaces pg_hba.conf with `text` and reloads the server.
  void write_hba(std::string_view text);
  // Serves TLS on 127.0.0.1 with the PEM certificate and key (scripts/pg-scratch
  // tls). True on success.
  bool enable_tls(const std::string& certificate, const std::string& key);
  int port() const { return m_port; }

 private:
  ScratchCluster() = default;
  bool pg_ctl(const std::string& arguments);
  std::string m_dir;
  std::string m_url;
  int m_port = 0;
};

}  // namespace retort::testing
