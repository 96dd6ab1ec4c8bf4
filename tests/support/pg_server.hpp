// A throwaway PostgreSQL server for integration tests, started once per test
// process with scripts/pg-scratch (initdb + pg_ctl as a non-root user, a
// private socket directory, a free port) and stopped at exit.
//
// RETORT_TEST_DATABASE_URL, when set, points at an existing server instead
// (its user must be allowed to CREATE DATABASE).
#pragma once

#include <string>
#include <vector>

namespace retort::testing {

class PgServer {
 public:
  // The shared server, started on first use. Returns nullptr when no server
  // can be started; then the caller skips, except under CI=true where a
  // missing PostgreSQL fails the test (see REQUIRE_PG).
  static PgServer* shared();

  // A new, empty database; returns its URL (socket, trusted).
  std::string create_database();
  // The same database over TCP with a password (user retort); `password` may be wrong.
  std::string tcp_url(const std::string& database, const std::string& password) const;
  // The URL of the administrative database.
  const std::string& admin_url() const { return m_admin_url; }
  const std::string& start_error() const { return m_error; }
  int port() const { return m_port; }
  // The scripts/pg-scratch directory (its Unix socket lives there); empty
  // for a server given by RETORT_TEST_DATABASE_URL.
  const std::string& directory() const { return m_dir; }

  // Runs one SQL statement on `url` and returns the first column of each row.
  static std::vector<std::string> query(const std::string& url, const std::string& sql);

 private:
  PgServer() = default;
  std::string m_dir;
  std::string m_admin_url;
  std::string m_error;
  int m_port = 0;
  int m_counter = 0;
};

// Whether tests must not skip for lack of PostgreSQL (CI=true).
bool postgres_required();

}  // namespace retort::testing

// Skips the test when PostgreSQL is unavailable, or fails it under CI=true.
#define REQUIRE_PG(server_var)                                                   \
  auto* server_var = ::retort::testing::PgServer::shared();                      \
  if (server_var == nullptr) {                                                   \
    if (::retort::testing::postgres_required()) {                                \
      FAIL() << "PostgreSQL is required under CI=true but could not be started"; \
    }                                                                            \
    GTEST_SKIP() << "PostgreSQL is not available";                               \
  }
