#include "support/pgbouncer.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

#include "support/process.hpp"

namespace retort::testing {
namespace {

std::string script() {
  return std::string(RETORT_SOURCE_DIR) + "/scripts/pgbouncer-scratch";
}

}  // namespace

std::unique_ptr<PgBouncer> PgBouncer::start(const PgServer& server, const std::string& mode,
                                            std::string& error) {
  if (server.directory().empty()) {
    error = "the test server was given by RETORT_TEST_DATABASE_URL (no socket directory)";
    return nullptr;
  }
  static int counter = 0;
  std::string dir = fmt::format("/tmp/retort-pgb-{}-{}", getpid(), ++counter);
  auto result = run_process({script(), "start", dir, server.directory(), mode});
  if (result.exit_code != 0) {
    error = result.err;
    return nullptr;
  }
  return std::unique_ptr<PgBouncer>(new PgBouncer(dir, std::atoi(result.out.c_str())));
}

PgBouncer::~PgBouncer() {
  run_process({script(), "stop", m_dir});
}

std::string PgBouncer::url(const std::string& database) const {
  return fmt::format("postgresql://retort@127.0.0.1:{}/{}", m_port, database);
}

std::string database_of(const std::string& url) {
  // postgresql://user@host:port/NAME?params: the path after the authority.
  auto authority = url.find("://");
  auto slash = url.find('/', authority == std::string::npos ? 0 : authority + 3);
  std::string name = url.substr(slash + 1);
  return name.substr(0, name.find('?'));
}

}  // namespace retort::testing
