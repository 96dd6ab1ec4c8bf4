// An Error as text for people: the one layout that the terminal, the JSON
// error document's "text" and the Lambda error body's "errorMessage" share.
//
//   error: migrations/004_dddd.sql:7:15: upgrade cccc -> dddd failed: relation "t" does not exist
//       7 | SELECT * FROM t;
//         |               ^
//     SQLSTATE: 42P01
//     committed before the failure: nothing; every change of this run was rolled back
//     version table now: no version table
//   hint: fix the migration and run the command again; committed steps do not run again
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "retort/error.hpp"

namespace retort {

struct ErrorTextOptions {
  // Colours the `error:` and `hint:` words with ANSI escapes (a terminal).
  bool color = false;
};

// How wide the shown source line may be, in terminal columns; a wider line is
// cut to a window of this width around the caret, "..." marking each cut.
inline constexpr std::size_t k_source_window_columns = 100;

// Lines of the text longer than this many bytes (after escaping) are cut and
// their size noted: a safety net behind the cuts at each echo site.
inline constexpr std::size_t k_max_error_line_bytes = 2000;

// The error as lines joined by '\n', without a final newline:
//  1. `error: <location>: <headline>`; the location is left out when the
//     error has no file, and is "file", "file:line" or "file:line:col" as far
//     as known (SourceLocation::to_string()). The headline is the first line
//     of Error::message().
//  2. When error.source_line() is set and the location has a line: the line
//     behind a `{:>5} | ` gutter with its number and, when the location has
//     a column, a caret under that column (1-based, in characters). Tabs are
//     shown as four spaces and control characters escaped without moving the
//     caret off its character; wide (CJK, emoji) characters count two
//     columns, combining marks none. A line wider than
//     k_source_window_columns is cut to a window around the column.
//  3. `  SQLSTATE: <code>` when error.sqlstate() is set.
//  4. The detail lines of the message (its lines after the first), each
//     starting with two spaces: a line that does not is given them in place
//     of its leading blanks, so no line of a message can pass for a line of
//     its own (an `error:` of a server message, say). Blank lines are dropped.
//  5. `hint: <hint>` when error.hint() is set.
// Every piece taken from the error (file, message, source line, SQLSTATE,
// hint) goes through redact() (retort/redact.hpp), so no password or
// registered secret is in the result, and then text::escape_controls(), so
// the only control characters in the result are the '\n' between lines
// and, with options.color, the colour escapes around `error:` and `hint:`.
std::string error_text(const Error& error, const ErrorTextOptions& options = {});

// The longest line read_source_line() returns, and how far into a file it
// looks for the line (the size limit of a migration file).
inline constexpr std::size_t k_max_source_line_bytes = 1024 * 1024;
inline constexpr std::size_t k_max_source_scan_bytes = 64 * 1024 * 1024;

// Line `line` (1-based) of the file at `path`, without its line break, a
// '\r' before it (CRLF) or, on line 1, a UTF-8 byte order mark: the lines
// and columns of text_position.hpp and the migration-file parser. Reads the
// file from the start in blocks and stops at the end of that line. nullopt
// when the file cannot be opened or read, `line` is not positive, the file
// has fewer lines, the line is longer than k_max_source_line_bytes, or it
// ends past the first k_max_source_scan_bytes bytes.
std::optional<std::string> read_source_line(const std::filesystem::path& path, int line);

// For the top level that prints errors (cli::run_app): when `error` has a
// file and a line, reads that line with read_source_line() (a relative file
// is resolved against `working_dir` when that is not empty) and attaches it
// with Error::set_source_line(), masked with redact(). Does nothing
// otherwise, or when the line cannot be read.
// error_text() itself reads nothing: these two are the only functions here
// that touch the file system.
void attach_source_line(Error& error, const std::filesystem::path& working_dir);

}  // namespace retort
