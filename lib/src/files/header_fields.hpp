// Validation of header entries into revision fields (docs/architecture.md §2).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "files/header_entries.hpp"
#include "retort/revision.hpp"

namespace retort::files {

struct HeaderFields {
  std::optional<RevisionId> id;  // always set on return
  int revision_line = 0;         // position of the `revision` key
  int revision_column = 0;
  std::vector<RevisionId> down_revisions;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string message;
  std::string create_date;
};

// True for the header keys a migration file may use.
bool is_header_key(std::string_view key);

// Checks the entries and converts them. `header_line` is the first header
// line, where a missing required key is reported. Throws
// Error(ErrorKind::migration_file) for an unknown or duplicate key, a missing
// `revision` or `down_revision`, invalid ids or labels, a value of the wrong
// shape, and an id listed twice.
HeaderFields validate_header(const std::vector<HeaderEntry>& entries, const std::string& path,
                             int header_line);

}  // namespace retort::files
