#include "postgres/connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <poll.h>

#include <cerrno>
#include <thread>

#include "database/sqlstate.hpp"
#include "postgres/connect_failure.hpp"
#include "retort/error.hpp"

namespace retort::postgres {
namespace {

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;
using Clock = std::chrono::steady_clock;

std::string field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value != nullptr ? std::string(value) : std::string();
}

ServerError server_error_from(const PGresult* result, const PGconn* conn) {
  ServerError error;
  if (result != nullptr) {
    error.sqlstate = field(result, PG_DIAG_SQLSTATE);
    error.message = field(result, PG_DIAG_MESSAGE_PRIMARY);
    error.detail = field(result, PG_DIAG_MESSAGE_DETAIL);
    error.hint = field(result, PG_DIAG_MESSAGE_HINT);
    error.context = field(result, PG_DIAG_CONTEXT);
    std::string position = field(result, PG_DIAG_STATEMENT_POSITION);
    if (!position.empty()) error.position = std::stoi(position);
  }
  if (error.message.empty()) {
    std::string text = PQerrorMessage(conn);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    error.message = text.empty() ? "the server closed the connection" : text;
  }
  if (error.sqlstate.empty() && PQstatus(conn) != CONNECTION_OK)
    error.sqlstate = sqlstate::k_connection_failure;
  return error;
}

StatementResult to_statement_result(const PGresult* result) {
  StatementResult out;
  out.command = PQcmdStatus(const_cast<PGresult*>(result));
  const char* tuples = PQcmdTuples(const_cast<PGresult*>(result));
  if (tuples != nullptr && *tuples != '\0') out.affected = std::stol(tuples);
  if (PQresultStatus(result) == PGRES_TUPLES_OK) {
    int rows = PQntuples(result);
    int cols = PQnfields(result);
    out.rows.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      std::vector<std::optional<std::string>> row;
      row.reserve(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(result, r, c)) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(std::string(PQgetvalue(result, r, c),
                                       static_cast<std::size_t>(PQgetlength(result, r, c))));
        }
      }
      out.rows.push_back(std::move(row));
    }
    out.affected = rows;
  }
  return out;
}

// Reads and drops the rows of a COPY ... TO STDOUT that got past the
// statement checks, so that the connection can go on; the COPY counts as
// failed. The statements after it in the same text still run: the caller
// rolls back what is open, as after any failure.
ServerError discard_copy_out(PGconn* conn) {
  char* row = nullptr;
  int got = 0;
  while ((got = PQgetCopyData(conn, &row, 0)) > 0) PQfreemem(row);
  if (got == -2) return server_error_from(nullptr, conn);
  ServerError error;
  error.sqlstate = "0A000";  // feature_not_supported
  error.message = "COPY ... TO STDOUT sent rows to retort, which does not read them";
  error.hint = "write the rows to a file on the database server with COPY ... TO 'file'";
  return error;
}

// The connection's hosts (several, comma-separated, or one), as libpq
// resolved them from the URL and the PG* variables.
bool names_several_hosts(PGconn* conn) {
  PQconninfoOption* options = PQconninfo(conn);
  if (options == nullptr) return false;
  bool several = false;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    const std::string_view keyword = option->keyword;
    if ((keyword == "host" || keyword == "hostaddr") && option->val != nullptr &&
        std::string_view(option->val).find(',') != std::string_view::npos) {
      several = true;
    }
  }
  PQconninfoFree(options);
  return several;
}

// Waits until `fd` is ready for `status` or `deadline` passes; false on timeout.
bool wait_for_socket(int fd, PostgresPollingStatusType status, Clock::time_point deadline) {
  pollfd watched{fd, static_cast<short>(status == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
  while (true) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    const int ready = poll(&watched, 1, static_cast<int>(left.count()));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) return true;  // PQconnectPoll reports the socket's error
  }
}

// One connection attempt. Errors are verbose while connecting, so that a
// server's refusal carries its SQLSTATE (classify_connect_failure()); the
// connection returned is back to the default verbosity. Each address gets
// `timeout` (libpq's connect_timeout, which PQconnectPoll leaves to its
// caller); when one times out and the URL names several hosts, the attempt
// is repeated by PQconnectdbParams, which moves on to the next host itself.
// Returns the connection, or nullptr with libpq's message in `message`.
PGconn* connect_once(const char* const* keys, const char* const* values,
                     std::chrono::milliseconds timeout, std::string& message) {
  PGconn* conn = PQconnectStartParams(keys, values, 1);
  if (conn == nullptr) {
    message = "out of memory while connecting";
    return nullptr;
  }
  PQsetErrorVerbosity(conn, PQERRORS_VERBOSE);
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  int socket = -1;
  auto deadline = Clock::now() + timeout;
  bool timed_out = false;
  while (PQstatus(conn) != CONNECTION_BAD && status != PGRES_POLLING_OK &&
         status != PGRES_POLLING_FAILED) {
    const int fd = PQsocket(conn);
    if (fd < 0) break;
    if (fd != socket) {  // another address: its own timeout, as libpq gives it
      socket = fd;
      deadline = Clock::now() + timeout;
    }
    if (!wait_for_socket(fd, status, deadline)) {
      timed_out = true;
      break;
    }
    status = PQconnectPoll(conn);
  }
  if (status == PGRES_POLLING_OK && PQstatus(conn) == CONNECTION_OK) {
    PQsetErrorVerbosity(conn, PQERRORS_DEFAULT);
    return conn;
  }
  if (timed_out) {
    const bool several = names_several_hosts(conn);
    message = fmt::format("connection to server at \"{}\", port {} failed: timeout expired",
                          PQhost(conn) != nullptr ? PQhost(conn) : "",
                          PQport(conn) != nullptr ? PQport(conn) : "");
    PQfinish(conn);
    if (!several) return nullptr;
    conn = PQconnectdbParams(keys, values, 1);
    if (conn != nullptr && PQstatus(conn) == CONNECTION_OK) return conn;
    if (conn == nullptr) return nullptr;
  }
  message = PQerrorMessage(conn);
  PQfinish(conn);
  return nullptr;
}

}  // namespace

void Connection::Closer::operator()(pg_conn* conn) const {
  PQfinish(conn);
}

Connection::Connection(pg_conn* conn) : m_conn(conn) {}

Connection::~Connection() = default;

Connection Connection::open(const ConnectOptions& options) {
  const int timeout_s = std::max(1, static_cast<int>(options.connect_timeout_s));
  const std::string timeout = std::to_string(timeout_s);
  // The URL first (expand_dbname=1: the dbname value may be a full URL or
  // conninfo string), then the settings, which win over the URL's values.
  std::vector<std::pair<std::string, std::string>> given = {
      {"application_name", options.application_name}, {"connect_timeout", timeout}};
  for (const auto& setting : options.settings) given.push_back(setting);
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<long>(options.wait_s * 1000));
  for (int attempts = 1;; ++attempts) {
    // Computed for each attempt: an RDS auth token is valid for minutes.
    std::string password;
    if (options.password) password = options.password();
    std::vector<const char*> keys = {"dbname"};
    std::vector<const char*> values = {options.conninfo.empty() ? nullptr
                                                                : options.conninfo.c_str()};
    for (const auto& [key, value] : given) {
      keys.push_back(key.c_str());
      values.push_back(value.c_str());
    }
    if (options.password) {
      keys.push_back("password");
      values.push_back(password.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    std::string message;
    if (PGconn* raw =
            connect_once(keys.data(), values.data(), std::chrono::seconds(timeout_s), message)) {
      // Quiet NOTICEs from migrations: they are not ours to print.
      PQsetNoticeProcessor(
          raw, [](void*, const char*) {}, nullptr);
      return Connection(raw);
    }
    // libpq may echo the URL or its password (a bad %-escape, an unclosed
    // '['): the message is passed on as it is and every output masks it
    // (retort/redact.hpp).
    const ConnectFailure failure = classify_connect_failure(message);
    const bool transient = is_transient(failure.cause);
    const auto now = Clock::now();
    if (options.wait_s <= 0 || !transient || now >= deadline) {
      throw connect_error(failure, ConnectOutcome{.wait_s = options.wait_s,
                                                  .attempts = attempts,
                                                  .not_retried = options.wait_s > 0 && !transient});
    }
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::milliseconds(250), deadline - now));
  }
}

std::vector<StatementResult> Connection::execute(std::string_view sql) {
  PGconn* conn = m_conn.get();
  std::string text(sql);
  if (PQsendQuery(conn, text.c_str()) == 0) {
    throw QueryFailed(server_error_from(nullptr, conn), {}, PQstatus(conn) != CONNECTION_OK);
  }
  std::vector<StatementResult> results;
  std::optional<ServerError> failure;
  while (PGresult* raw = PQgetResult(conn)) {
    ResultPtr result(raw, &PQclear);
    switch (PQresultStatus(raw)) {
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK:
      case PGRES_EMPTY_QUERY:
        if (!failure) results.push_back(to_statement_result(raw));
        break;
      case PGRES_COPY_IN:
      case PGRES_COPY_BOTH:
        // A COPY FROM STDIN that got past the statement checks: the server
        // would wait for data forever. Ending the copy with an error makes
        // it fail (57014, with this text), which skips the rest of `sql`.
        if (PQputCopyEnd(conn, "retort sends no COPY data; use COPY ... FROM 'file' or INSERT") <
            0) {
          if (!failure) failure = server_error_from(nullptr, conn);
        }
        break;
      case PGRES_COPY_OUT:
        if (!failure) failure = discard_copy_out(conn);
        break;
      default:
        if (!failure) failure = server_error_from(raw, conn);
        break;
    }
  }
  if (failure) {
    throw QueryFailed(std::move(*failure), std::move(results), PQstatus(conn) != CONNECTION_OK);
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    throw QueryFailed(server_error_from(nullptr, conn), std::move(results), true);
  }
  return results;
}

bool Connection::in_transaction() const {
  auto status = PQtransactionStatus(m_conn.get());
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

bool Connection::is_alive() const {
  return PQstatus(m_conn.get()) == CONNECTION_OK;
}

CancelHandle Connection::cancel_handle() const {
  std::shared_ptr<PGcancel> handle(PQgetCancel(m_conn.get()), PQfreeCancel);
  if (!handle) return CancelHandle();
  return CancelHandle([handle] {
    char buffer[256];
    PQcancel(handle.get(), buffer, sizeof buffer);
  });
}

int Connection::server_pid() const {
  return PQbackendPID(m_conn.get());
}

std::string Connection::database_name() const {
  return PQdb(m_conn.get());
}

}  // namespace retort::postgres

namespace retort {

std::unique_ptr<Database> connect_postgres(const std::string& url, double wait_s) {
  postgres::ConnectOptions options;
  options.conninfo = url;
  options.wait_s = wait_s;
  return std::make_unique<postgres::Connection>(postgres::Connection::open(options));
}

namespace postgres {

std::map<std::string, std::string> conninfo_values(const std::string& conninfo) {
  std::map<std::string, std::string> result;
  if (conninfo.empty()) return result;
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    // libpq's message may quote the URL: every output masks passwords.
    std::string message = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw Error(ErrorKind::config, fmt::format("invalid database URL: {}", message));
  }
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val != nullptr && option->val[0] != '\0') result[option->keyword] = option->val;
  }
  PQconninfoFree(options);
  return result;
}

}  // namespace postgres

}  // namespace retort
