// Connection: the only place that talks to libpq. RAII over PGconn/PGresult.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace retort::postgres {

// What the server said about a failed statement (libpq's PG_DIAG_* fields).
struct ServerError {
  std::string sqlstate;
  std::string message;  // primary message
  std::string detail;
  std::string hint;
  std::string context;
  int position = 0;  // 1-based character position in the query string, 0 if none
};

// The result of one statement of a multi-statement query.
struct StatementResult {
  std::string command;                                        // e.g. "UPDATE 1", "SELECT 2"
  long affected = -1;                                         // rows affected/returned; -1 if none
  std::vector<std::vector<std::optional<std::string>>> rows;  // text values
};

struct ConnectOptions {
  std::string conninfo;  // a libpq URL or key=value string; empty: PG* variables
  std::string application_name = "retort";
  double wait_s = 0;  // keep retrying the first connection this long
  double connect_timeout_s = 10;
};

// Cancels whatever query runs on one connection; copyable, and safe to use
// from another thread while the connection's owner waits for a result.
class CancelHandle {
 public:
  CancelHandle() = default;
  explicit CancelHandle(pg_cancel* handle);
  // Asks the server to cancel the running query; does nothing when idle.
  void cancel() const;

 private:
  std::shared_ptr<pg_cancel> m_handle;
};

class Connection {
 public:
  // Connects, retrying until options.wait_s has passed. Throws
  // Error(ErrorKind::database) with the server's message and a hint; the
  // message never contains the password.
  static Connection open(const ConnectOptions& options);

  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;
  ~Connection();

  // Sends `sql` (one or several statements) in one round trip with the simple
  // query protocol and returns one result per statement. On the first failing
  // statement throws QueryFailed carrying the ServerError and the results of
  // the statements that succeeded before it.
  std::vector<StatementResult> execute(std::string_view sql);

  // Convenience for single-statement queries returning text values.
  std::vector<std::vector<std::optional<std::string>>> query(std::string_view sql);

  // True when the connection is inside a transaction block (also an aborted one).
  bool in_transaction() const;
  bool is_alive() const;
  // Asks the server to cancel the running query.
  void cancel();
  // For a watchdog thread: call this on the owning thread, cancel() anywhere.
  CancelHandle cancel_handle() const;

  int server_pid() const;
  std::string database_name() const;

 private:
  explicit Connection(pg_conn* conn);
  struct Closer {
    void operator()(pg_conn* conn) const;
  };
  std::unique_ptr<pg_conn, Closer> m_conn;
};

// Thrown by Connection::execute when a statement fails.
class QueryFailed : public std::exception {
 public:
  QueryFailed(ServerError error, std::vector<StatementResult> completed, bool connection_lost)
      : m_error(std::move(error)), m_completed(std::move(completed)), m_lost(connection_lost) {}
  const char* what() const noexcept override { return m_error.message.c_str(); }
  const ServerError& error() const { return m_error; }
  // Results of the statements that ran before the failing one.
  const std::vector<StatementResult>& completed() const { return m_completed; }
  bool connection_lost() const { return m_lost; }

 private:
  ServerError m_error;
  std::vector<StatementResult> m_completed;
  bool m_lost;
};

}  // namespace retort::postgres
