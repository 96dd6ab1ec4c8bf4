// Positions in UTF-8 text: byte offsets to 1-based line and column, and
// PostgreSQL character positions to byte offsets.
//
// Conventions (the same as the migration-file parser, files/text_lines.hpp):
// a line ends at '\n'; a CRLF is one line break (its '\r' is the last
// character of the line it ends); a lone '\r' is an ordinary character, not a
// line break. Columns count Unicode characters, not bytes: every byte that is
// not a UTF-8 continuation byte (10xxxxxx) starts a character. A tab is one
// character. Invalid UTF-8 is not rejected; each lead or stray byte counts as
// one character, which is what PostgreSQL would reject anyway.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace retort::sql {

struct LineColumn {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in characters
  friend bool operator==(const LineColumn&, const LineColumn&) = default;
};

// The line and column of the character that starts at `byte_offset` in
// `text`. An offset past the end is clamped to text.size() (the position just
// after the last character). An offset inside a multi-byte character gives
// the column of the character after it. O(byte_offset).
LineColumn line_column_at(std::string_view text, std::size_t byte_offset);

// The character column of the 1-based byte column `byte_column` in `line`
// (one line's text, without its line break): how the parsers that count
// bytes (the migration-file header, yaml-cpp) give their columns to Error. A
// column past the end of the line keeps its distance from the end; 0
// ("unknown") stays 0.
int character_column(std::string_view line, int byte_column);

// A position found inside a fragment (line 1 column 1 = the fragment's first
// byte) moved to the file that holds the fragment at `fragment_origin`: on
// the fragment's first line the column is shifted, on later lines only the
// line number is.
LineColumn rebase_position(LineColumn in_fragment, LineColumn fragment_origin);

// The byte offset in `text` where the character with 0-based index
// `char_index` starts; text.size() when char_index equals the number of
// characters (the end of the text); nullopt when it is past that.
std::optional<std::size_t> byte_offset_of_character(std::string_view text, std::size_t char_index);

}  // namespace retort::sql
