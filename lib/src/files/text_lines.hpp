// Line splitting shared by the migration-file parsers.
//
// Lines are numbered from 1. A line ends at '\n'; a '\r' just before it
// (CRLF) is not part of the line's text. Columns are 1-based byte offsets
// within a line's text; a UTF-8 BOM at the start of the file is removed
// first and does not count.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace retort::files {

struct Line {
  std::string_view text;   // without the terminator ("\n" or "\r\n")
  std::size_t offset = 0;  // byte offset of `text` in the BOM-stripped input
  std::size_t next = 0;    // byte offset just past the terminator (start of the next line)
  int number = 0;          // 1-based
};

// `text` without a leading UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text);

// Every line of `text`. A final '\n' does not start another (empty) line, so
// "a\nb\n" has two lines; an empty text has none.
std::vector<Line> split_lines(std::string_view text);

// True when the line is empty or only spaces and tabs.
bool is_blank(std::string_view line);

// True for a line that starts a `-- migrate:` marker: "--", optional spaces or
// tabs, "migrate", optional spaces, ':'. Such a line ends the header and is
// then checked strictly by the section parser.
bool is_marker_candidate(std::string_view line);

}  // namespace retort::files
