#include "postgres/connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <thread>

#include "database/sqlstate.hpp"
#include "retort/error.hpp"

namespace retort::postgres {
namespace {

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

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

// libpq's connection messages are free of passwords; drop the trailing newline.
std::string tidy_connect_message(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

bool is_retryable_connect_failure(const std::string& message) {
  // Server not up yet, starting up, or refusing connections during recovery.
  return message.find("Connection refused") != std::string::npos ||
         message.find("No such file or directory") != std::string::npos ||
         message.find("starting up") != std::string::npos ||
         message.find("shutting down") != std::string::npos ||
         message.find("could not translate host name") != std::string::npos ||
         message.find("timeout expired") != std::string::npos ||
         message.find("Connection timed out") != std::string::npos;
}

}  // namespace

void Connection::Closer::operator()(pg_conn* conn) const {
  PQfinish(conn);
}

Connection::Connection(pg_conn* conn) : m_conn(conn) {}

Connection::~Connection() = default;

Connection Connection::open(const ConnectOptions& options) {
  const char* keys[] = {"dbname", "application_name", "connect_timeout", nullptr};
  std::string timeout = std::to_string(std::max(1, static_cast<int>(options.connect_timeout_s)));
  const char* values[] = {options.conninfo.empty() ? nullptr : options.conninfo.c_str(),
                          options.application_name.c_str(), timeout.c_str(), nullptr};
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<long>(options.wait_s * 1000));
  while (true) {
    // expand_dbname=1: the dbname value may be a full URL or conninfo string.
    PGconn* raw = PQconnectdbParams(keys, values, 1);
    if (raw == nullptr) throw Error(ErrorKind::database, "out of memory while connecting");
    if (PQstatus(raw) == CONNECTION_OK) {
      // Quiet NOTICEs from migrations: they are not ours to print.
      PQsetNoticeProcessor(
          raw, [](void*, const char*) {}, nullptr);
      return Connection(raw);
    }
    std::string message = tidy_connect_message(PQerrorMessage(raw));
    PQfinish(raw);
    bool retry = options.wait_s > 0 && is_retryable_connect_failure(message) &&
                 std::chrono::steady_clock::now() < deadline;
    if (!retry) {
      std::string hint =
          message.find("password") != std::string::npos
              ? "check the user and password in the database URL (--url, DATABASE_URL or the "
                "config)"
              : (options.wait_s > 0
                     ? fmt::format("the server did not accept connections within {} s",
                                   options.wait_s)
                     : "is the server running? --wait=SECONDS retries until it accepts "
                       "connections");
      throw Error(ErrorKind::database, "cannot connect to the database: " + message, std::nullopt,
                  hint, sqlstate::k_unable_to_connect);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
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
  return std::make_unique<postgres::Connection>(
      postgres::Connection::open(postgres::ConnectOptions{.conninfo = url, .wait_s = wait_s}));
}

}  // namespace retort
