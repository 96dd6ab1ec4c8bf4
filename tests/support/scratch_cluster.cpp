#include "support/scratch_cluster.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/pg_server.hpp"
#include "support/process.hpp"

namespace retort::testing {
namespace {

std::string scratch_script() {
  return std::string(RETORT_SOURCE_DIR) + "/scripts/pg-scratch";
}

// The directory of PostgreSQL's server binaries, as scripts/pg-scratch finds it.
std::string server_bin() {
  const std::filesystem::path root = "/usr/lib/postgresql";
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(root, ignored)) {
    if (std::filesystem::exists(entry.path() / "bin" / "pg_ctl")) {
      return (entry.path() / "bin").string();
    }
  }
  return {};
}

}  // namespace

std::unique_ptr<ScratchCluster> ScratchCluster::start(std::string& error) {
  static int counter = 0;
  std::unique_ptr<ScratchCluster> cluster(new ScratchCluster());
  cluster->m_dir = fmt::format("/tmp/retort-scratch-{}-{}", ::getpid(), ++counter);
  auto started = run_process({scratch_script(), "start", cluster->m_dir});
  if (started.exit_code != 0) {
    error = started.err;
    cluster->m_dir.clear();
    return nullptr;
  }
  cluster->m_url = started.out.substr(0, started.out.find('\n'));
  std::ifstream port(cluster->m_dir + "/port");
  port >> cluster->m_port;
  return cluster;
}

ScratchCluster::~ScratchCluster() {
  if (!m_dir.empty()) run_process({scratch_script(), "stop", m_dir});
}

std::string ScratchCluster::tcp_url(std::string_view user, std::string_view password,
                                    std::string_view database) const {
  return fmt::format("postgresql://{}:{}@127.0.0.1:{}/{}", user, password, m_port, database);
}

bool ScratchCluster::pg_ctl(const std::string& arguments) {
  const std::string bin = server_bin();
  if (bin.empty()) return false;
  std::string command = fmt::format("{}/pg_ctl -D {}/data {}", bin, m_dir, arguments);
  std::vector<std::string> argv{"/bin/sh", "-c", command};
  // As root the cluster belongs to "postgres" (scripts/pg-scratch), and pg_ctl runs as it.
  if (::geteuid() == 0) argv = {"runuser", "-u", "postgres", "--", "/bin/sh", "-c", command};
  return run_process(argv).exit_code == 0;
}

bool ScratchCluster::stop(std::string_view mode, bool wait) {
  return pg_ctl(fmt::format("-m {} {} stop >/dev/null 2>&1", mode, wait ? "-w" : "-W"));
}

bool ScratchCluster::start_again() {
  return pg_ctl(fmt::format(
      "-l {0}/server.log -w -t 60 -o \"-p {1} -k {0} -c listen_addresses=127.0.0.1 -c fsync=off "
      "-c max_connections=200\" start >/dev/null",
      m_dir, m_port));
}

bool ScratchCluster::enable_tls(const std::string& certificate, const std::string& key) {
  return run_process({scratch_script(), "tls", m_dir, certificate, key}).exit_code == 0;
}

void ScratchCluster::write_hba(std::string_view text) {
  std::ofstream(m_dir + "/data/pg_hba.conf", std::ios::trunc) << text;
  PgServer::query(m_url, "SELECT pg_reload_conf()");
}

}  // namespace retort::testing
