// Connection: the only place that talks to libpq (RAII over PGconn/PGresult);
// the PostgreSQL implementation of retort::Database.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/database.hpp"

struct pg_conn;
struct pg_result;

namespace retort::postgres {

struct ConnectOptions {
  std::string conninfo;  // a libpq URL or key=value string; empty: PG* variables
  std::string application_name = "retort";
  double wait_s = 0;  // keep retrying the first connection this long
  double connect_timeout_s = 10;
  // libpq keywords given after the URL, so they win over its values: user,
  // host, port, dbname, sslmode, sslrootcert, password.
  std::vector<std::pair<std::string, std::string>> settings = {};
  // When set, called before every attempt: its result is the password (an
  // RDS IAM auth token is computed fresh for each).
  std::function<std::string()> password = {};
};

// The values a libpq URL or key=value string sets (keyword -> value), without
// libpq's defaults or the PG* variables. Throws Error(ErrorKind::config) when
// libpq cannot parse it.
std::map<std::string, std::string> conninfo_values(const std::string& conninfo);

class Connection final : public Database {
 public:
  // Connects, retrying until options.wait_s has passed. Throws
  // Error(ErrorKind::database) with libpq's message and a hint. The message
  // may hold the password (libpq echoes some malformed URLs): outputs mask it
  // through retort/redact.hpp.
  static Connection open(const ConnectOptions& options);

  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;
  ~Connection();

  // Database, with the simple query protocol (see retort/database.hpp).
  std::vector<StatementResult> execute(std::string_view sql) override;
  bool in_transaction() const override;
  bool is_alive() const override;
  CancelHandle cancel_handle() const override;
  int announced_backend_pid() const override { return server_pid(); }

  // Convenience for single-statement queries returning text values.
  std::vector<Row> query(std::string_view sql) { return query_rows(*this, sql); }

  int server_pid() const;
  std::string database_name() const;

 private:
  explicit Connection(pg_conn* conn);
  struct Closer {
    void operator()(pg_conn* conn) const;
  };
  std::unique_ptr<pg_conn, Closer> m_conn;
};

}  // namespace retort::postgres
