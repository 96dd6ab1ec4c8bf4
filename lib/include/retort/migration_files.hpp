// Reading and writing migration files (docs/architecture.md §2).
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

// Parses the text of one migration file. `path` only labels error locations
// and is stored in Revision::path.
//
// Layout: an optional UTF-8 BOM; optional blank lines; the header, i.e. the
// first unbroken block of `--` lines, which with "--" and one space stripped
// is a YAML mapping; then only blank lines and `--` comments up to the first
// `-- migrate:upgrade|downgrade [transaction:false|true]` marker. CRLF line
// endings are accepted. Lines and columns are 1-based; columns count
// characters (UTF-8, after the BOM; sql/text_position.hpp). A line starting
// `-- migrate:` is a marker even inside a dollar-quoted SQL body.
//
// Throws Error(ErrorKind::migration_file) at file:line:col, with a hint, for:
// no header; malformed YAML (mapped back to the file position); an unknown
// key (the message lists the known ones, the hint suggests a close match); a
// duplicate key; a missing `revision` or `down_revision`; an invalid id,
// branch label or depends_on entry; an id or label listed twice; a value of
// the wrong shape; a header key cut off from the header by a blank line; SQL
// before the first section; a malformed or unknown marker; an unknown or
// repeated option; a repeated section; a missing upgrade section; a header
// value nested deeper than yaml-cpp's recursion guard allows (at its key).
// YAML aliases are read one level deep (a list of aliased lists is a value of
// the wrong shape), so an alias bomb is an error, not an exponential expansion.
Revision parse_migration_file(std::string_view text, const std::string& path);

// The largest migration file load_migrations() reads (64 MiB): a section is
// sent to the server as one query, and a file this size is bulk data, which
// belongs in COPY rather than in a migration.
inline constexpr std::size_t k_max_migration_file_bytes = 64 * 1024 * 1024;

// What load_migrations() keeps of each file.
struct LoadOptions {
  // Above this many files the sections' SQL is checked but not kept:
  // Section::sql is empty and Revision::sql_kept false. Listings and no-op
  // runs of a big project need only the headers; reload_sql() reads the
  // SQL of a step that runs.
  std::size_t keep_sql_up_to_files = static_cast<std::size_t>(-1);
};

// Loads every `*.sql` file directly inside `dir` (not recursive), in file-name
// byte order (the load order). Regular files and links to them are read;
// hidden entries (names starting with '.', e.g. editor lock files) are
// ignored. Revision::path is `dir` joined with the file name.
// Throws Error(ErrorKind::io) naming the path for an unreadable directory or
// file (a link to a missing file and a link loop say so), and
// Error(ErrorKind::migration_file) for a `*.sql` entry that is a directory,
// FIFO, socket or device (never opened, so a FIFO cannot block), a file
// larger than k_max_migration_file_bytes, a parse error, or two files
// declaring the same revision id (reported at the second file's `revision`
// key, naming the first file).
std::vector<Revision> load_migrations(const std::filesystem::path& dir,
                                      const LoadOptions& options = {});

// `loaded` with its sections' SQL: a copy of it when its SQL was kept, else
// its file (loaded.path) read and parsed again. Throws as load_migrations()
// for the file, and Error(ErrorKind::migration_file) when the file no longer
// declares the same revision, down_revision, depends_on and branch_labels
// (it changed while retort ran).
Revision reload_sql(const Revision& loaded);

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
// cut to `max_length` at a '_' boundary with a trailing '_' (Alembic's rule,
// docs/alembic-semantics.md §7.3); a max_length of 0 means 40, as in Alembic.
// Non-ASCII: UTF-8 code points are word characters except common punctuation
// and symbol blocks ('—', '«', '€', emoji, ...), lengths count
// code points, lowercasing covers Latin-1, Latin Extended-A, Greek and
// Cyrillic, and bytes that are not valid UTF-8 separate words.
std::string slugify(std::string_view message, std::size_t max_length = 40);

// Expands a file template. Tokens: {rev}, {slug}, {epoch}, {year}, {month},
// {day}, {hour}, {minute}, {second} (zero-padded, UTC; {epoch} is Unix
// seconds); {slug} is slugify(message). ".sql" is appended. Throws
// Error(ErrorKind::config) for an unknown or unclosed token, or a result that
// contains '/', is empty or starts with '.' (the loader would skip it).
std::string expand_file_template(std::string_view file_template, const NewRevision& revision);

// The complete text of a new migration file: header, then upgrade and
// downgrade sections holding only a comment that says where the SQL goes.
// parse_migration_file() reads back the same id, parents, labels,
// depends_on, message (any text, multi-line included) and create_date
// (`YYYY-MM-DDTHH:MM:SSZ`, UTC). Throws Error(ErrorKind::usage) for an invalid
// or repeated branch label or depends_on entry, a repeated parent, or (a
// safety net) a header that would not read back as given.
std::string render_migration_file(const NewRevision& revision);

// Writes a new migration file into `dir` named by `file_template`; refuses to
// overwrite an existing file (Error(ErrorKind::io); the file is opened with
// O_EXCL). Throws as expand_file_template() and render_migration_file(), and
// Error(ErrorKind::io) when the file cannot be created or written; on any
// error no file is left behind. Returns the path written.
std::filesystem::path write_migration_file(const std::filesystem::path& dir,
                                           std::string_view file_template,
                                           const NewRevision& revision);

}  // namespace retort
