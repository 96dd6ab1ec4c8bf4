// A throwaway PgBouncer in front of the shared test PostgreSQL, started with
// scripts/pgbouncer-scratch (as a non-root user, a free loopback port) and
// stopped when the object goes.
#pragma once

#include <memory>
#include <string>

#include "support/pg_server.hpp"

namespace retort::testing {

class PgBouncer {
 public:
  // `mode` is "transaction" or "session". Returns nullptr with `error` set
  // when it cannot start (no pgbouncer, a server without a socket directory).
  static std::unique_ptr<PgBouncer> start(const PgServer& server, const std::string& mode,
                                          std::string& error);
  ~PgBouncer();
  PgBouncer(const PgBouncer&) = delete;
  PgBouncer& operator=(const PgBouncer&) = delete;

  // The URL of `database` through the pooler.
  std::string url(const std::string& database) const;
  int port() const { return m_port; }

 private:
  PgBouncer(std::string dir, int port) : m_dir(std::move(dir)), m_port(port) {}
  std::string m_dir;
  int m_port;
};

// The database name of a URL made by PgServer::create_database().
std::string database_of(const std::string& url);

}  // namespace retort::testing

// Starts PgBouncer in `mode` as `var`, or skips the test (fails it under CI=true).
#define REQUIRE_PGBOUNCER(var, server, mode)                                                \
  std::string var##_error;                                                                  \
  auto var = ::retort::testing::PgBouncer::start(*server, mode, var##_error);               \
  if (!var) {                                                                               \
    if (::retort::testing::postgres_required()) {                                           \
      FAIL() << "PgBouncer is required under CI=true but could not start: " << var##_error; \
    }                                                                                       \
    GTEST_SKIP() << "PgBouncer is not available: " << var##_error;                          \
  }
