#include "support/pg_server.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "postgres/connection.hpp"
#include "support/process.hpp"

namespace retort::testing {
namespace {

PgServer* g_server = nullptr;
bool g_tried = false;

std::string g_dir_to_stop;

void stop_dir() {
  if (!g_dir_to_stop.empty()) {
    run_process({std::string(RETORT_SOURCE_DIR) + "/scripts/pg-scratch", "stop", g_dir_to_stop});
  }
}

}  // namespace

bool postgres_required() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

PgServer* PgServer::shared() {
  if (g_tried) return g_server;
  g_tried = true;
  auto* server = new PgServer();
  if (const char* url = std::getenv("RETORT_TEST_DATABASE_URL")) {
    server->m_admin_url = url;
    g_server = server;
    return g_server;
  }
  std::string dir = fmt::format("/tmp/retort-pg-{}-{}", getpid(), std::rand() % 100000);
  auto result = run_process({std::string(RETORT_SOURCE_DIR) + "/scripts/pg-scratch", "start", dir});
  if (result.exit_code != 0) {
    server->m_error = result.err;
    fmt::print(stderr, "cannot start a throwaway PostgreSQL: {}\n", result.err);
    delete server;
    return nullptr;
  }
  std::string url = result.out;
  while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) url.pop_back();
  server->m_dir = dir;
  server->m_admin_url = url;
  auto port_pos = url.rfind("port=");
  server->m_port = std::atoi(url.c_str() + port_pos + 5);
  g_dir_to_stop = dir;
  std::atexit(stop_dir);
  g_server = server;
  return g_server;
}

std::string PgServer::create_database() {
  std::string name = fmt::format("t{}_{}", getpid(), ++m_counter);
  query(m_admin_url, fmt::format("CREATE DATABASE {}", name));
  // Swap the database name in the admin URL: ".../postgres?..." -> ".../<name>?..."
  std::string url = m_admin_url;
  auto slash = url.find("/postgres");
  if (slash != std::string::npos) {
    url.replace(slash + 1, 8, name);
  } else {
    url += (url.find('?') == std::string::npos ? "?" : "&") + ("dbname=" + name);
  }
  return url;
}

std::string PgServer::tcp_url(const std::string& database, const std::string& password) const {
  return fmt::format("postgresql://retort:{}@127.0.0.1:{}/{}", password, m_port, database);
}

std::vector<std::string> PgServer::query(const std::string& url, const std::string& sql) {
  auto conn = postgres::Connection::open(postgres::ConnectOptions{.conninfo = url});
  std::vector<std::string> values;
  for (auto& row : conn.query(sql)) {
    values.push_back(row.empty() || !row[0] ? std::string("NULL") : *row[0]);
  }
  return values;
}

}  // namespace retort::testing
