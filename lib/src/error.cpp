#include "retort/error.hpp"

#include <fmt/format.h>

namespace retort {

std::string SourceLocation::to_string() const {
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

namespace {
std::string compose_what(const std::string& message,
                         const std::optional<SourceLocation>& location) {
  if (!location || location->file.empty()) return message;
  return fmt::format("{}: {}", location->to_string(), message);
}
}  // namespace

Error::Error(ErrorKind kind, std::string message, std::optional<SourceLocation> location,
             std::string hint, std::string sqlstate)
    : std::runtime_error(compose_what(message, location)),
      m_kind(kind),
      m_message(std::move(message)),
      m_location(std::move(location)),
      m_hint(std::move(hint)),
      m_sqlstate(std::move(sqlstate)) {}

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::database:
    case ErrorKind::migration:
    case ErrorKind::deadline:
    case ErrorKind::credentials:
    case ErrorKind::step_too_long:
      return 1;
    case ErrorKind::check_failed:
    case ErrorKind::lint_failed:
      return 3;
    case ErrorKind::lock_timeout:
      return 4;
    case ErrorKind::usage:
    case ErrorKind::config:
    case ErrorKind::migration_file:
    case ErrorKind::graph:
    case ErrorKind::target:
    case ErrorKind::io:
    case ErrorKind::payload:
    case ErrorKind::not_allowed:
      return 2;
  }
  return 1;
}

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage:
      return "usage";
    case ErrorKind::config:
      return "config";
    case ErrorKind::migration_file:
      return "migration_file";
    case ErrorKind::graph:
      return "graph";
    case ErrorKind::target:
      return "target";
    case ErrorKind::database:
      return "database";
    case ErrorKind::migration:
      return "migration";
    case ErrorKind::check_failed:
      return "check_failed";
    case ErrorKind::lint_failed:
      return "lint_failed";
    case ErrorKind::lock_timeout:
      return "lock_timeout";
    case ErrorKind::io:
      return "io";
    case ErrorKind::payload:
      return "payload";
    case ErrorKind::not_allowed:
      return "not_allowed";
    case ErrorKind::deadline:
      return "deadline";
    case ErrorKind::credentials:
      return "credentials";
    case ErrorKind::step_too_long:
      return "step_too_long";
  }
  return "unknown";
}

}  // namespace retort
