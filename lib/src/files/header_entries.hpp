// The header of a migration file as raw key/value entries with positions.
//
// The header is the leading block of `--` comment lines; with the `--` and one
// following space stripped, it is a YAML mapping. Two readers produce the same
// entries: a fast path for the simple forms `retort revision` writes (plain or
// quoted one-line scalars, `[a, b]` lists) and yaml-cpp for everything else.
// Validation of the entries is separate (header_fields.hpp), so both readers
// report identical errors.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort::files {

// One header line with its comment prefix removed.
struct HeaderLine {
  std::string_view text;  // after "--" and one optional space
  int number = 0;         // 1-based line in the file
  int prefix = 0;         // bytes removed from the line's start (2 or 3)
};

// A YAML value reduced to what the header can hold.
struct HeaderValue {
  enum class Kind { null, scalar, list, map };
  Kind kind = Kind::null;
  std::string text;                // for scalar
  std::vector<HeaderValue> items;  // for list
  int line = 0;                    // file position of the value; for null: of its key
  int column = 0;
};

struct HeaderEntry {
  std::string key;
  int line = 0;  // file position of the key
  int column = 0;
  HeaderValue value;
};

// Strips the comment prefix of a header line.
HeaderLine make_header_line(std::string_view line, int number);

// Reads the header by hand. Returns nullopt (never throws) when any line uses
// a form it does not handle; the caller then uses parse_header_yaml().
std::optional<std::vector<HeaderEntry>> parse_header_fast(const std::vector<HeaderLine>& lines);

// Reads the header with yaml-cpp. Throws Error(ErrorKind::migration_file) for
// malformed YAML, a header that is not a mapping, and the YAML document
// markers `---` / `...` (which would make yaml-cpp ignore the lines after them).
std::vector<HeaderEntry> parse_header_yaml(const std::vector<HeaderLine>& lines,
                                           const std::string& path);

}  // namespace retort::files
