// Why a connection attempt failed, read from libpq's message, and the error
// retort reports for it (docs/architecture.md §5.6): which causes `--wait`
// retries, and the hint for each.
#pragma once

#include <string>
#include <string_view>

#include "retort/error.hpp"

namespace retort::postgres {

enum class ConnectCause {
  refused,               // nothing listens at the address, or the socket file is missing
  timeout,               // no answer within connect_timeout
  host_unknown,          // the host name does not resolve
  broken,                // the connection broke while connecting (08xxx, reset, closed)
  starting_or_stopping,  // 57P01-57P03: starting up, shutting down, in recovery
  too_many_connections,  // 53300: max_connections, a role's or database's CONNECTION LIMIT
  out_of_resources,      // the rest of class 53: memory, disk
  password_failed,       // 28P01
  password_missing,      // the server asks for a password and none was given
  hba_rejected,          // 28000 from pg_hba.conf: no entry, or a reject entry
  role_refused,          // 28000 otherwise: the role does not exist or may not log in
  no_database,           // 3D000
  no_privilege,          // 42501: no CONNECT privilege on the database
  server_refused,        // any other error the server sent
  client_error,          // libpq refused before any server answered (bad URL, SSL, ...)
};

struct ConnectFailure {
  ConnectCause cause = ConnectCause::client_error;
  // libpq's message, its trailing line break removed, without the SQLSTATE
  // and LOCATION lines that verbose errors add.
  std::string message;
  // The server's SQLSTATE, or empty when no server answered or it is unknown.
  std::string sqlstate;
};

// Reads libpq's message after a failed attempt made with PQERRORS_VERBOSE
// (`FATAL:  28P01: password ...` and a `LOCATION:` line); the SQLSTATE
// decides the cause. Without one (a client-side failure, or a message made
// with the default verbosity) the English wording does. When several hosts
// or addresses were tried, the last SQLSTATE counts.
ConnectFailure classify_connect_failure(std::string_view libpq_message);

// Whether waiting can help: the server is starting, stopping, full or short
// of resources, or could not be reached (refused, timeout, unknown host, a
// broken connection: also how a paused serverless database looks while it
// resumes). Authentication, pg_hba.conf, a missing database or privilege and
// client-side errors are not transient.
bool is_transient(ConnectCause cause);

// How the connection attempts ended.
struct ConnectOutcome {
  double wait_s = 0;  // the --wait period; 0: no retries were asked for
  int attempts = 1;
  // True when --wait was given but the failure is not transient, so retort
  // stopped after the first attempt.
  bool not_retried = false;
};

// The Error for the last failure: ErrorKind::database, the message
// "cannot connect to the database: <libpq message>", the server's SQLSTATE
// (else 08001), and a hint that says what the failure means and what to do;
// with --wait also whether retort retried, how long and how often, or why
// it did not.
Error connect_error(const ConnectFailure& failure, const ConnectOutcome& outcome);

}  // namespace retort::postgres
