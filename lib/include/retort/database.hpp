// Database: the one seam between retort's executor and a database server.
//
// The migrator (upgrade, downgrade, stamp, current, check) talks only to this
// interface. lib/src/postgres/ implements it over libpq; tests/support/ has a
// scripted fake that records every query and fails where a test says. The
// contract below is what both must honour (tests/integration/
// database_contract_test.cpp runs the same checks on both).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

// What the server said about a failed statement.
struct ServerError {
  std::string sqlstate;  // five characters, e.g. "42P01"; "08006" when the connection broke
  std::string message;   // primary message, never empty
  std::string detail;
  std::string hint;
  std::string context;
  // 1-based position in characters (not bytes) into the query text that was
  // sent, as PostgreSQL reports it; 0 when the server gave none.
  int position = 0;
};

// One row of a result: text values, nullopt for NULL.
using Row = std::vector<std::optional<std::string>>;

// The result of one statement of a query text.
struct StatementResult {
  std::string command;    // the command tag, e.g. "UPDATE 1", "SELECT 2", "CREATE TABLE"
  long affected = -1;     // rows affected or returned; -1 when the command reports none
  std::vector<Row> rows;  // for statements that return rows
};

// Thrown by Database::execute when a statement fails or the connection breaks.
class QueryFailed : public std::exception {
 public:
  QueryFailed(ServerError error, std::vector<StatementResult> completed, bool connection_lost)
      : m_error(std::move(error)), m_completed(std::move(completed)), m_lost(connection_lost) {}
  const char* what() const noexcept override { return m_error.message.c_str(); }
  const ServerError& error() const { return m_error; }
  // The results of the statements of the same query text that succeeded
  // before the failing one, in order: completed().size() is the index of the
  // failing statement.
  const std::vector<StatementResult>& completed() const { return m_completed; }
  // True when the connection is gone: is_alive() is false from now on.
  bool connection_lost() const { return m_lost; }

 private:
  ServerError m_error;
  std::vector<StatementResult> m_completed;
  bool m_lost;
};

// Cancels the statement running on one connection. Copyable; cancel() may be
// called from any thread while the connection's owner waits in execute(),
// and does nothing when no statement is running.
class CancelHandle {
 public:
  CancelHandle() = default;
  explicit CancelHandle(std::function<void()> cancel) : m_cancel(std::move(cancel)) {}
  void cancel() const {
    if (m_cancel) m_cancel();
  }

 private:
  std::function<void()> m_cancel;
};

class Database {
 public:
  virtual ~Database() = default;

  // Sends `sql` (one or several statements separated by ';') in one round
  // trip and returns one result per statement that has a token (empty
  // statements yield nothing). Semantics are PostgreSQL's simple query
  // protocol: without BEGIN the statements of one call form one implicit
  // transaction, committed at the end of the call; BEGIN ... COMMIT inside
  // the text behave as written. On the first failing statement the rest of
  // the text is skipped and QueryFailed is thrown with the results before
  // it; an open explicit transaction is then aborted (in_transaction() stays
  // true until ROLLBACK) and an implicit one is rolled back. A cancelled
  // statement fails with SQLSTATE 57014.
  virtual std::vector<StatementResult> execute(std::string_view sql) = 0;

  // True inside a transaction block, an aborted one included.
  virtual bool in_transaction() const = 0;

  // False once the connection is known to be broken.
  virtual bool is_alive() const = 0;

  // A handle that cancels the statement running on this connection. Take it
  // on the owning thread; use it from any thread.
  virtual CancelHandle cancel_handle() const = 0;

  // The backend process id the server announced when the connection opened
  // (libpq's PQbackendPID). A connection pooler (PgBouncer, RDS Proxy)
  // announces one of its own, so it differs from `SELECT pg_backend_pid()`:
  // that is how retort recognises a pooled connection (docs/architecture.md
  // §5.3). 0 when unknown.
  virtual int announced_backend_pid() const = 0;
};

// The rows of the last statement of `sql` (empty when it returns none).
std::vector<Row> query_rows(Database& database, std::string_view sql);

// How a run opens its connection: the URL (empty: libpq's PG* variables)
// and how long to retry a server that does not accept connections yet.
// Throws Error(ErrorKind::database) when it cannot connect.
using Connector = std::function<std::unique_ptr<Database>(const std::string& url, double wait_s)>;

// The default Connector: PostgreSQL through libpq, application_name "retort".
std::unique_ptr<Database> connect_postgres(const std::string& url, double wait_s);

}  // namespace retort
