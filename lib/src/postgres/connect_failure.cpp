#include "postgres/connect_failure.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace retort::postgres {
namespace {

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

bool contains_any(std::string_view text, std::initializer_list<std::string_view> parts) {
  for (std::string_view part : parts) {
    if (contains(text, part)) return true;
  }
  return false;
}

bool is_sqlstate_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

// The SQLSTATE after a severity in a verbose line ("FATAL:  28P01: ..."),
// whatever language the severity is in: ":  " then five code characters then
// ": ". Returns the position of the code, or npos.
std::size_t sqlstate_position(std::string_view line) {
  for (std::size_t at = line.find(":  "); at != std::string_view::npos;
       at = line.find(":  ", at + 1)) {
    const std::size_t code = at + 3;
    if (code + 7 > line.size() || line[code + 5] != ':' || line[code + 6] != ' ') continue;
    bool all = true;
    for (std::size_t i = code; i < code + 5; ++i) all = all && is_sqlstate_char(line[i]);
    if (all) return code;
  }
  return std::string_view::npos;
}

ConnectCause cause_from_sqlstate(std::string_view code, std::string_view message) {
  if (code == "57P01" || code == "57P02" || code == "57P03") {
    return ConnectCause::starting_or_stopping;
  }
  if (code == "53300") return ConnectCause::too_many_connections;
  if (code.substr(0, 2) == "53") return ConnectCause::out_of_resources;
  if (code.substr(0, 2) == "08") return ConnectCause::broken;
  if (code == "28P01") return ConnectCause::password_failed;
  if (code == "28000") {
    return contains(message, "pg_hba.conf") ? ConnectCause::hba_rejected
                                            : ConnectCause::role_refused;
  }
  if (code == "3D000") return ConnectCause::no_database;
  if (code == "42501") return ConnectCause::no_privilege;
  return ConnectCause::server_refused;
}

// For messages without a SQLSTATE: libpq's own wording and the server's
// English one.
ConnectCause cause_from_text(std::string_view message) {
  using C = ConnectCause;
  if (contains(message, "password authentication failed")) return C::password_failed;
  if (contains(message, "no password supplied")) return C::password_missing;
  if (contains(message, "pg_hba.conf")) return C::hba_rejected;
  if (contains(message, "does not exist")) {
    return contains(message, "database \"") ? C::no_database : C::role_refused;
  }
  if (contains(message, "is not permitted to log in")) return C::role_refused;
  if (contains(message, "permission denied for database")) return C::no_privilege;
  if (contains_any(message, {"too many connections", "remaining connection slots are reserved",
                             "too many clients"})) {
    return C::too_many_connections;
  }
  if (contains(message, "the database system is")) return C::starting_or_stopping;
  if (contains_any(message, {"Connection refused", "No such file or directory"})) {
    return C::refused;
  }
  if (contains_any(message, {"timeout expired", "timed out"})) return C::timeout;
  if (contains(message, "could not translate host name")) return C::host_unknown;
  if (contains_any(message,
                   {"server closed the connection unexpectedly", "Connection reset",
                    "Network is unreachable", "No route to host", "Cannot assign requested address",
                    "Software caused connection abort", "could not receive data",
                    "could not send data", "SSL SYSCALL", "EOF detected"})) {
    return C::broken;
  }
  if (contains_any(message, {"FATAL:", "ERROR:"})) return C::server_refused;
  return C::client_error;
}

std::string_view cause_hint(ConnectCause cause) {
  switch (cause) {
    case ConnectCause::refused:
      return "nothing accepts connections there: check that the server is running, and the "
             "host and port in the database URL";
    case ConnectCause::timeout:
      return "the server did not answer in time: check the host, the port and any firewall in "
             "between (a paused serverless database can take a while to resume)";
    case ConnectCause::host_unknown:
      return "the host name does not resolve: check the host in the database URL";
    case ConnectCause::broken:
      return "the connection broke while it was being set up: check the network, any pooler or "
             "proxy in between, and the server's log";
    case ConnectCause::starting_or_stopping:
      return "the server is starting up, shutting down or recovering, and accepts no "
             "connections yet";
    case ConnectCause::too_many_connections:
      return "the server has no connection slot free for this role or database "
             "(max_connections, or a CONNECTION LIMIT on the role or the database): close idle "
             "sessions or raise the limit";
    case ConnectCause::out_of_resources:
      return "the server is short of resources (memory, disk): see its log";
    case ConnectCause::password_failed:
      return "check the user and password in the database URL (--url, DATABASE_URL or the "
             "config)";
    case ConnectCause::password_missing:
      return "the server asks for a password: put it in the database URL, PGPASSWORD or "
             "~/.pgpass";
    case ConnectCause::hba_rejected:
      return "the server's pg_hba.conf lets no such connection in (this user, database, client "
             "address or SSL mode): ask its administrator to allow it, or connect another way";
    case ConnectCause::role_refused:
      return "check the user in the database URL: the role must exist and have LOGIN";
    case ConnectCause::no_database:
      return "check the database name in the database URL, or create the database first";
    case ConnectCause::no_privilege:
      return "the role lacks the CONNECT privilege on the database: GRANT CONNECT ON DATABASE "
             "<name> TO <role>";
    case ConnectCause::server_refused:
      return "the server refused the connection; its message says why";
    case ConnectCause::client_error:
      return "check the database URL and its options (host, port, sslmode, ...)";
  }
  return {};
}

// What happened, for "<summary>: not retried".
std::string_view cause_summary(ConnectCause cause) {
  switch (cause) {
    case ConnectCause::password_failed:
      return "the password was refused";
    case ConnectCause::password_missing:
      return "no password was given";
    case ConnectCause::hba_rejected:
      return "pg_hba.conf rejected the connection";
    case ConnectCause::role_refused:
      return "the role may not log in";
    case ConnectCause::no_database:
      return "the database does not exist";
    case ConnectCause::no_privilege:
      return "the role lacks the CONNECT privilege";
    case ConnectCause::client_error:
      return "the connection settings were refused before reaching a server";
    default:
      return "the server refused the connection";
  }
}

}  // namespace

ConnectFailure classify_connect_failure(std::string_view libpq_message) {
  ConnectFailure failure;
  std::size_t pos = 0;
  while (pos < libpq_message.size()) {
    std::size_t end = libpq_message.find('\n', pos);
    if (end == std::string_view::npos) end = libpq_message.size();
    std::string_view line = libpq_message.substr(pos, end - pos);
    pos = end + 1;
    if (line.substr(0, 10) == "LOCATION: ") continue;
    std::string kept(line);
    if (const std::size_t code = sqlstate_position(line); code != std::string_view::npos) {
      failure.sqlstate = std::string(line.substr(code, 5));
      kept.erase(code, 7);
    }
    if (!failure.message.empty()) failure.message += '\n';
    failure.message += kept;
  }
  while (!failure.message.empty() &&
         (failure.message.back() == '\n' || failure.message.back() == ' ')) {
    failure.message.pop_back();
  }
  failure.cause = failure.sqlstate.empty() ? cause_from_text(failure.message)
                                           : cause_from_sqlstate(failure.sqlstate, failure.message);
  return failure;
}

bool is_transient(ConnectCause cause) {
  switch (cause) {
    case ConnectCause::refused:
    case ConnectCause::timeout:
    case ConnectCause::host_unknown:
    case ConnectCause::broken:
    case ConnectCause::starting_or_stopping:
    case ConnectCause::too_many_connections:
    case ConnectCause::out_of_resources:
      return true;
    case ConnectCause::password_failed:
    case ConnectCause::password_missing:
    case ConnectCause::hba_rejected:
    case ConnectCause::role_refused:
    case ConnectCause::no_database:
    case ConnectCause::no_privilege:
    case ConnectCause::server_refused:
    case ConnectCause::client_error:
      return false;
  }
  return false;
}

Error connect_error(const ConnectFailure& failure, const ConnectOutcome& outcome) {
  const std::string_view hint = cause_hint(failure.cause);
  std::string text;
  if (outcome.wait_s <= 0) {
    text = is_transient(failure.cause)
               ? fmt::format("{}; --wait=SECONDS retries until it accepts connections", hint)
               : std::string(hint);
  } else if (outcome.not_retried) {
    // --wait retries only what passes: a server starting, stopping, full or unreachable.
    text = fmt::format("{}: not retried, waiting does not change that; {}",
                       cause_summary(failure.cause), hint);
  } else {
    text = fmt::format("the server did not accept connections within {} s ({} attempt{}); {}",
                       outcome.wait_s, outcome.attempts, outcome.attempts == 1 ? "" : "s", hint);
  }
  return Error(ErrorKind::database, "cannot connect to the database: " + failure.message,
               std::nullopt, std::move(text),
               failure.sqlstate.empty() ? std::string("08001") : failure.sqlstate);
}

}  // namespace retort::postgres
