// retort::Error: the one error type of the library.
//
// Errors are thrown where they are detected and caught once at the top (the
// CLI or the Lambda handler), which maps the kind to an exit code or a Lambda
// error type. Locations are values so tests can assert them.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "retort/lock_wait.hpp"

namespace retort {

enum class ErrorKind {
  usage,           // bad command-line arguments or target syntax (exit 2)
  config,          // unreadable or invalid configuration (exit 2)
  migration_file,  // a migration file that cannot be parsed (exit 2)
  graph,           // the revisions do not form a valid graph (exit 2)
  target,          // a target that does not resolve (exit 2)
  database,        // connection or server error outside a migration (exit 1)
  migration,       // a migration step failed (exit 1)
  check_failed,    // `check` found the database behind, ahead or drifted (exit 3)
  lock_timeout,    // retort's own lock was not obtained in time (exit 4)
  io,              // a file could not be read or written (exit 2)
  payload,         // a Lambda payload of no accepted form (exit 2)
  not_allowed,     // a command outside lambda.allowed_commands (exit 2)
  deadline,        // stopped before the Lambda invocation's deadline (exit 1)
  credentials,     // AWS credentials, a secret or a parameter could not be obtained (exit 1)
  step_too_long,   // a step expected to outlast a whole Lambda invocation (exit 1)
  lint_failed,     // lint found what the configuration refuses (exit 3)
};

// A position in a file. line and column are 1-based; 0 means "unknown".
// Columns count characters (UTF-8; a tab is one), as sql/text_position.hpp
// defines them, for SQL errors and file-format errors alike.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file", "file:line" or "file:line:col", depending on what is known.
  std::string to_string() const;
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, std::optional<SourceLocation> location = {},
        std::string hint = {}, std::string sqlstate = {});

  ErrorKind kind() const { return m_kind; }
  // The message without location, SQLSTATE or hint: a headline line,
  // optionally followed by detail lines ('\n'-separated) that each start with
  // two spaces. The SQLSTATE is never part of it (sqlstate() carries it).
  const std::string& message() const { return m_message; }
  const std::optional<SourceLocation>& location() const { return m_location; }
  // What the user can do next; empty when there is nothing useful to say.
  const std::string& hint() const { return m_hint; }
  // The PostgreSQL SQLSTATE for server errors, else empty.
  const std::string& sqlstate() const { return m_sqlstate; }

  // The text of line location()->line of location()->file, for showing it
  // with a caret (error_text()). Attached by the top level, which reads the
  // file (attach_source_line() in retort/error_text.hpp); the code that
  // throws never sets it. Unset when not attached.
  const std::optional<std::string>& source_line() const { return m_source_line; }
  void set_source_line(std::string line) { m_source_line = std::move(line); }

  // For a migration whose lock_timeout retries ran out
  // (docs/architecture.md §5.11): every lock_timeout failure of the run, the
  // last one last. Empty for every other error.
  const std::vector<LockTimeoutEvent>& lock_timeouts() const { return m_lock_timeouts; }
  void set_lock_timeouts(std::vector<LockTimeoutEvent> events) {
    m_lock_timeouts = std::move(events);
  }

 private:
  ErrorKind m_kind;
  std::string m_message;
  std::optional<SourceLocation> m_location;
  std::string m_hint;
  std::string m_sqlstate;
  std::optional<std::string> m_source_line;
  std::vector<LockTimeoutEvent> m_lock_timeouts;
};

// The process exit code for an error of this kind (docs/architecture.md §7).
int exit_code(ErrorKind kind);

// A stable lower_snake name of the kind, used in JSON output.
const char* to_string(ErrorKind kind);

}  // namespace retort
