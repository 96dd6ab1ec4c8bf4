// Throwing migration-file errors with a location (docs/architecture.md §2).
#pragma once

#include <string>

#include "retort/error.hpp"

namespace retort::files {

// Throws Error(ErrorKind::migration_file) at path:line:column.
[[noreturn]] inline void throw_file_error(const std::string& path, int line, int column,
                                          std::string message, std::string hint = {}) {
  throw Error(ErrorKind::migration_file, std::move(message), SourceLocation{path, line, column},
              std::move(hint));
}

}  // namespace retort::files
