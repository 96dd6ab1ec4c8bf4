// Reading and writing migration files (architecture.md §2).
//
// Format:
//   -- revision: 3f2a9c1b7d4e
//   -- down_revision: 1a2b3c4d5e6f        (empty/null for a base; [a, b] for a merge)
//   -- message: add orders table
//   -- create_date: 2026-11-21T12:00:00Z
//   -- branch_labels: [billing]
//   -- depends_on: [7d1e2f3a4b5c]
//
//   -- migrate:upgrade
//   CREATE TABLE orders (...);
//
//   -- migrate:downgrade [transaction:false]
//   DROP TABLE orders;
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision.hpp"

namespace retort {

// Parses the text of one migration file. `path` only labels error locations.
// Throws Error(ErrorKind::migration_file) with file:line:col for: missing or
// duplicate `revision`, invalid id characters, unknown header key (the
// message lists the known ones), malformed YAML, missing or duplicate
// sections, unknown section options.
Revision parse_migration_file(std::string_view text, const std::string& path);

// Loads every `*.sql` file directly inside `dir`, in sorted file-name order
// (the load order). Other files are ignored. Throws Error(ErrorKind::io) for an
// unreadable directory or file and Error(ErrorKind::migration_file) for a parse
// error or two files declaring the same revision id (naming both files).
std::vector<Revision> load_migrations(const std::filesystem::path& dir);

// What `revision` and `merge` write.
struct NewRevision {
  RevisionId id;
  std::vector<RevisionId> down_revisions;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string message;
  std::chrono::system_clock::time_point created;
};

// A new random id: 12 lowercase hex digits.
RevisionId random_revision_id();

// The slug of a message: runs of word characters joined by '_', lowercased,
// cut to `max_length` at a '_' boundary with a trailing '_' (Alembic's rule).
std::string slugify(std::string_view message, std::size_t max_length = 40);

// Expands a file template. Tokens: {rev}, {slug}, {epoch}, {year}, {month},
// {day}, {hour}, {minute}, {second} (zero-padded, UTC). ".sql" is appended.
// Throws Error(ErrorKind::config) for an unknown token or a '/' in the result.
std::string expand_file_template(std::string_view file_template, const NewRevision& revision);

// The complete text of a new migration file (header plus empty upgrade and
// downgrade sections), which parse_migration_file() reads back unchanged.
std::string render_migration_file(const NewRevision& revision);

// Writes a new migration file into `dir` named by `file_template`; refuses to
// overwrite an existing file (Error(ErrorKind::io)). Returns the path written.
std::filesystem::path write_migration_file(const std::filesystem::path& dir,
                                           std::string_view file_template,
                                           const NewRevision& revision);

}  // namespace retort
